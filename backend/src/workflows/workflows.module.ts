import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Model } from '../models/entities/model.entity';
import { Spec } from './entities/spec.entity';
import { WorkflowTemplate } from './entities/workflow-template.entity';
import { SpecsController, WorkflowsController } from './workflows.controller';
import { WorkflowsReadService } from './workflows-read.service';
import { WorkflowsSeeder } from './workflows.seeder';

/** Workflow templates and their versioned specs: the seed and the read routes for signed-in users. */
@Module({
  imports: [TypeOrmModule.forFeature([WorkflowTemplate, Spec, Model])],
  controllers: [WorkflowsController, SpecsController],
  providers: [WorkflowsSeeder, WorkflowsReadService],
  exports: [TypeOrmModule, WorkflowsSeeder, WorkflowsReadService],
})
export class WorkflowsModule {}
