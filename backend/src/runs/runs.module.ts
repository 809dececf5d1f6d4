import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WorkflowsModule } from '../workflows/workflows.module';
import { AdminRunsController } from './admin-runs.controller';
import { AdminRunsService } from './admin-runs.service';
import { ArtifactsService } from './artifacts.service';
import { Artifact } from './entities/artifact.entity';
import { GateExecution } from './entities/gate-execution.entity';
import { OperatorAction } from './entities/operator-action.entity';
import { RunEvent } from './entities/run-event.entity';
import { Run } from './entities/run.entity';
import { WorkspaceFile } from './entities/workspace-file.entity';
import { RunAccessService } from './run-access.service';
import { ArtifactsController, RunsController } from './runs.controller';
import { RunsService } from './runs.service';

/**
 * Runs, their gate attempts, artifacts, the event log and operator actions: the user routes (create, list, detail,
 * files, package) and the operator routes (run record, export, actions, diffs). The engine itself is EngineModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Run, GateExecution, Artifact, RunEvent, OperatorAction, WorkspaceFile]), WorkflowsModule],
  controllers: [RunsController, ArtifactsController, AdminRunsController],
  providers: [RunsService, RunAccessService, ArtifactsService, AdminRunsService],
  exports: [TypeOrmModule, RunAccessService, RunsService],
})
export class RunsModule {}
