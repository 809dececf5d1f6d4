import { Module } from '@nestjs/common';
import { ExperimentWorker } from './experiment-worker';
import { ExperimentsCoreModule } from './experiments-core.module';

/** Experiment processing: imported by the worker process (and by the API when it also runs attempts). */
@Module({ imports: [ExperimentsCoreModule], providers: [ExperimentWorker] })
export class ExperimentsWorkerModule {}
