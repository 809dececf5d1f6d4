import { Module } from '@nestjs/common';
import { AdminAgentsController } from './admin-agents.controller';
import { AdminContentController } from './admin-content.controller';
import { AgentsRegistryService } from './agents-registry.service';
import { ContentCatalogService } from './content-catalog.service';

/**
 * The admin registry of orchestration content — agents (with where specs use them), gate contracts, profiles —
 * read from the catalog the engine loads (ORCHESTRATION_DIR).
 */
@Module({
  controllers: [AdminAgentsController, AdminContentController],
  providers: [AgentsRegistryService, ContentCatalogService],
  exports: [ContentCatalogService],
})
export class AgentsModule {}
