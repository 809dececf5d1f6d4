import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ModelsModule } from '../models/models.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { SeedService } from './seed.service';

@Module({
  imports: [ModelsModule, AuthModule, WorkflowsModule],
  providers: [SeedService],
  exports: [SeedService],
})
export class SeedModule {}
