import { Module } from '@nestjs/common';

/** Cost aggregation and analytics (per run, gate, model, day). Placeholder until the analytics issue. */
@Module({})
export class CostsModule {}
