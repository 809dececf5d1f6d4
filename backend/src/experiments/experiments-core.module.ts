import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExperimentResult } from './entities/experiment-result.entity';
import { Experiment } from './entities/experiment.entity';
import { ExperimentRunner } from './experiment-runner';
import { EXPERIMENTS_QUEUE } from './experiments-queue';

/** What the API and the worker share: the tables, the `experiments` queue and the runner. Needs EngineModule (global). */
@Module({
  imports: [TypeOrmModule.forFeature([Experiment, ExperimentResult]), BullModule.registerQueue({ name: EXPERIMENTS_QUEUE })],
  providers: [ExperimentRunner],
  exports: [TypeOrmModule, BullModule, ExperimentRunner],
})
export class ExperimentsCoreModule {}
