import { Body, Get, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../common/auth/admin-controller.decorator';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { AppliedRecommendationDto, ApplyRecommendationDto, RecommendationsDto } from './dto/recommendations.dto';
import { RecommendationsService } from './recommendations.service';

@AdminController('routing', 'Admin: routing')
export class AdminRoutingController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Get('recommendations')
  @ApiOperation({
    operationId: 'AdminRouting_recommendations',
    summary: 'Per template stage: current vs recommended model from the pass-rate evidence, expected saving per run and per month, cost per successful run by day',
  })
  @ApiOkResponse({ type: RecommendationsDto })
  list(): Promise<RecommendationsDto> {
    return this.recommendations.recommendations();
  }

  @Post('recommendations/apply')
  @ApiOperation({ operationId: 'AdminRouting_apply', summary: 'Publish the next spec version of the template with the recommended model pinned on the stage' })
  @ApiCreatedResponse({ type: AppliedRecommendationDto })
  @ApiErrorResponses(400, 404, 409)
  apply(@Body() body: ApplyRecommendationDto, @CurrentUser() user: AuthenticatedUser): Promise<AppliedRecommendationDto> {
    return this.recommendations.apply(body, user);
  }
}
