import { Module } from '@nestjs/common';
import { TemplatesModule } from '../templates/templates.module';
import { WorkflowsModule } from '../workflows/workflows.module';
import { AdminRoutingController } from './admin-routing.controller';
import { RecommendationsService } from './recommendations.service';

/** Self-optimising routing in the admin console: recommendations from the evidence, and applying them. */
@Module({
  imports: [WorkflowsModule, TemplatesModule],
  controllers: [AdminRoutingController],
  providers: [RecommendationsService],
})
export class RoutingModule {}
