import { Module } from '@nestjs/common';
import { AdminAgentsController } from './admin-agents.controller';
import { AgentsRegistryService } from './agents-registry.service';

/** The admin agent registry, read from the orchestration catalog the engine loads (orchestration/agents). */
@Module({
  controllers: [AdminAgentsController],
  providers: [AgentsRegistryService],
})
export class AgentsModule {}
