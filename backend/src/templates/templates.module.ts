import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { RunsModule } from '../runs/runs.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { DraftRunsService } from './draft-runs.service';
import { AdminSpecsController } from './admin-specs.controller';
import { AdminTemplatesController } from './admin-templates.controller';
import { AdminTemplatesService } from './admin-templates.service';
import { SpecHistoryService } from './spec-history.service';
import { SpecPublisherService } from './spec-publisher.service';

/** The creator's side of workflows: template CRUD and spec publishing (user read routes live in workflows/). */
@Module({
  imports: [WorkflowsModule, AgentsModule, RunsModule],
  controllers: [AdminTemplatesController, AdminSpecsController],
  providers: [AdminTemplatesService, SpecPublisherService, SpecHistoryService, DraftRunsService],
  exports: [SpecPublisherService],
})
export class TemplatesModule {}
