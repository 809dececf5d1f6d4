import { Module } from '@nestjs/common';

/** Agent definitions read from orchestration/agents (admin listing). Placeholder until the orchestration issue. */
@Module({})
export class AgentsModule {}
