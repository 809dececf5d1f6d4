import { Module } from '@nestjs/common';
import { AdminExperimentsController } from './admin-experiments.controller';
import { ExperimentOutputsRepository } from './experiment-outputs.repository';
import { ExperimentsCoreModule } from './experiments-core.module';
import { ExperimentsService } from './experiments.service';

/**
 * Model A/B experiments at gate boundaries (SPEC section 11): admin routes here; the candidates run in workers
 * (ExperimentsWorkerModule) through the run engine's own gate executor.
 */
@Module({
  imports: [ExperimentsCoreModule],
  controllers: [AdminExperimentsController],
  providers: [ExperimentsService, ExperimentOutputsRepository],
  exports: [ExperimentsCoreModule],
})
export class ExperimentsModule {}
