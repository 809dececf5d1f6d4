import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ExperimentResult } from './entities/experiment-result.entity';
import { Experiment } from './entities/experiment.entity';

/** Model A/B experiments at gate boundaries (SPEC section 11). Routes arrive with the experiments issue. */
@Module({
  imports: [TypeOrmModule.forFeature([Experiment, ExperimentResult])],
  exports: [TypeOrmModule],
})
export class ExperimentsModule {}
