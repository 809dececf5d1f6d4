import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../common/auth/admin-controller.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { AnalyticsService } from './analytics.service';
import {
  AnalyticsCostTrendDto,
  AnalyticsFailCodesDto,
  AnalyticsOverviewDto,
  AnalyticsReliabilityDto,
  AnalyticsSimulatedQueryDto,
  AnalyticsWindowQueryDto,
} from './dto/analytics.dto';

@AdminController('analytics', 'Admin: analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('overview')
  @ApiOperation({ operationId: 'AdminAnalytics_overview', summary: 'Runs, completions, failures and cost today / this week / this month; gate pass rates and model usage this month' })
  @ApiOkResponse({ type: AnalyticsOverviewDto })
  @ApiErrorResponses(400)
  overview(@Query() query: AnalyticsSimulatedQueryDto): Promise<AnalyticsOverviewDto> {
    return this.analytics.overview(query);
  }

  @Get('reliability')
  @ApiOperation({ operationId: 'AdminAnalytics_reliability', summary: 'Pass rate and first-attempt pass rate by gate × model' })
  @ApiOkResponse({ type: AnalyticsReliabilityDto })
  @ApiErrorResponses(400)
  reliability(@Query() query: AnalyticsWindowQueryDto): Promise<AnalyticsReliabilityDto> {
    return this.analytics.reliability(query);
  }

  @Get('fail-codes')
  @ApiOperation({ operationId: 'AdminAnalytics_failCodes', summary: 'How often each fail code occurred, overall and per gate' })
  @ApiOkResponse({ type: AnalyticsFailCodesDto })
  @ApiErrorResponses(400)
  failCodes(@Query() query: AnalyticsWindowQueryDto): Promise<AnalyticsFailCodesDto> {
    return this.analytics.failCodes(query);
  }

  @Get('cost-trend')
  @ApiOperation({ operationId: 'AdminAnalytics_costTrend', summary: 'Cost, tokens and attempts per day (and cost per day and model)' })
  @ApiOkResponse({ type: AnalyticsCostTrendDto })
  @ApiErrorResponses(400)
  costTrend(@Query() query: AnalyticsWindowQueryDto): Promise<AnalyticsCostTrendDto> {
    return this.analytics.costTrend(query);
  }
}
