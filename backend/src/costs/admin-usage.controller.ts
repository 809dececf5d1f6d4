import { Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../common/auth/admin-controller.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { UuidParam } from '../common/validation/uuid-param.pipe';
import { ListUsageQueryDto, UsageListDto, UsageWindowQueryDto, UserUsageDetailDto } from './dto/usage.dto';
import { UsageService } from './usage.service';

@AdminController('usage', 'Admin: usage')
export class AdminUsageController {
  constructor(private readonly usage: UsageService) {}

  @Get()
  @ApiOperation({
    operationId: 'AdminUsage_list',
    summary: 'Every user’s runs, real spend and simulated work (apart) in a window of UTC days',
  })
  @ApiOkResponse({ type: UsageListDto })
  @ApiErrorResponses(400)
  list(@Query() query: ListUsageQueryDto): Promise<UsageListDto> {
    return this.usage.list(query);
  }
}

/** The per-user detail lives beside the user it describes (`/api/admin/users/{id}/usage`). */
@AdminController('users', 'Admin: usage')
export class AdminUserUsageController {
  constructor(private readonly usage: UsageService) {}

  @Get(':id/usage')
  @ApiOperation({
    operationId: 'AdminUsage_forUser',
    summary: 'One user’s usage: daily runs and spend, per workflow, recent runs (real and simulated apart)',
  })
  @ApiOkResponse({ type: UserUsageDetailDto })
  @ApiErrorResponses(400, 404)
  forUser(@Param('id', UuidParam('id')) id: string, @Query() query: UsageWindowQueryDto): Promise<UserUsageDetailDto> {
    return this.usage.forUser(id, query);
  }
}
