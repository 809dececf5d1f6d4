import { Module } from '@nestjs/common';

/** Gate execution on the worker (queue consumer around the orchestration core's gate executor). Placeholder. */
@Module({})
export class GatesModule {}
