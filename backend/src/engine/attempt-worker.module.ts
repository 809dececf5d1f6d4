import { Module } from '@nestjs/common';
import { AttemptWorker } from './attempt-worker';

/** Gate-attempt processing (the worker process, or the API with RUN_WORKER_IN_API). Needs EngineModule. */
@Module({ providers: [AttemptWorker], exports: [AttemptWorker] })
export class AttemptWorkerModule {}
