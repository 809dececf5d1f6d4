import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { USER_ROLES, type UserRole } from '../../users/entities/user.entity';
import { CursorPageDto } from '../../common/pagination/cursor-page.dto';
import { PageCursor, PageLimit } from '../../common/validation/pagination.decorators';
import { OptionalField } from '../../common/validation/presence.decorators';
import { RUN_STATUSES } from '../../runs/entities/run.entity';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A window of whole UTC days; both ends are checked again by the service (real dates, from ≤ to, at most 366 days). */
@ApiSchema({ name: 'UsageWindowQuery' })
export class UsageWindowQueryDto {
  @ApiPropertyOptional({ format: 'date', example: '2026-11-05', description: 'First UTC day, inclusive. Default: 29 days before `to`.' })
  @OptionalField()
  @Matches(DAY, { message: 'from must be a date as YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-12-04', description: 'Last UTC day, inclusive. Default: today.' })
  @OptionalField()
  @Matches(DAY, { message: 'to must be a date as YYYY-MM-DD' })
  to?: string;
}

export const USAGE_SORTS = ['real_cost', 'runs', 'last_run'] as const;
export type UsageSort = (typeof USAGE_SORTS)[number];

@ApiSchema({ name: 'ListUsageQuery' })
export class ListUsageQueryDto extends UsageWindowQueryDto {
  @ApiPropertyOptional({ enum: USAGE_SORTS, default: 'real_cost', description: 'Most first; ties by email.' })
  @OptionalField()
  @IsIn(USAGE_SORTS, { message: `sort must be one of ${USAGE_SORTS.join(', ')}` })
  sort: UsageSort = 'real_cost';

  @PageLimit(50, 200)
  limit: number = 50;

  @PageCursor()
  cursor?: string;
}

@ApiSchema({ name: 'UsageRunCounts' })
export class UsageRunCountsDto {
  @ApiProperty({ description: 'Runs started in the window (every status, simulated ones included).' }) total: number;
  @ApiProperty() completed: number;
  @ApiProperty() paused: number;
  @ApiProperty() failed: number;
  @ApiProperty({ description: 'Pending or running.' }) running: number;
  @ApiProperty() cancelled: number;
}

@ApiSchema({ name: 'SimulatedUsage' })
export class SimulatedUsageDto {
  @ApiProperty({ description: 'Runs served (at least in part) by the built-in simulator.' }) runs: number;
  @ApiProperty({ description: 'Gate attempts the simulator answered.' }) gate_executions: number;
  @ApiProperty() tokens_in: number;
  @ApiProperty() tokens_out: number;
  @ApiProperty({ example: '0.12', description: 'What the simulated calls would have cost at the models’ prices (never charged).' }) cost_usd: string;
}

@ApiSchema({ name: 'UserUsageFigures' })
export class UsageFiguresDto {
  @ApiProperty({ type: UsageRunCountsDto }) runs: UsageRunCountsDto;
  @ApiProperty({ example: '1.234567', description: 'Exact USD of real model calls only (decimal string).' }) real_cost_usd: string;
  @ApiProperty({ description: 'Tokens of real model calls.' }) tokens_in: number;
  @ApiProperty({ description: 'Tokens of real model calls.' }) tokens_out: number;
  @ApiProperty({ type: SimulatedUsageDto, description: 'Simulated work, kept apart from the real figures.' }) simulated: SimulatedUsageDto;
}

@ApiSchema({ name: 'UsageUser' })
export class UsageUserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ type: String, nullable: true }) display_name: string | null;
  @ApiProperty({ enum: USER_ROLES, enumName: 'UserRole' }) role: UserRole;
  @ApiProperty() disabled: boolean;
}

@ApiSchema({ name: 'UserUsage' })
export class UserUsageDto extends UsageFiguresDto {
  @ApiProperty({ type: UsageUserDto }) user: UsageUserDto;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the user last started a run (any time, not only in the window).' })
  last_run_at: string | null;
}

@ApiSchema({ name: 'UsageList' })
export class UsageListDto extends CursorPageDto {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ enum: USAGE_SORTS }) sort: UsageSort;
  @ApiProperty({ description: 'Every user, whether or not they ran anything in the window.' }) total: number;
  @ApiProperty({ type: UsageFiguresDto, description: 'All users together in the window.' }) totals: UsageFiguresDto;
  @ApiProperty({ type: [UserUsageDto] }) users: UserUsageDto[];
}

@ApiSchema({ name: 'UsageDay' })
export class UsageDayDto {
  @ApiProperty({ format: 'date' }) day: string;
  @ApiProperty({ description: 'Runs started that day.' }) runs: number;
  @ApiProperty() real_cost_usd: string;
  @ApiProperty() simulated_runs: number;
  @ApiProperty() simulated_cost_usd: string;
}

@ApiSchema({ name: 'UsageWorkflow' })
export class UsageWorkflowDto {
  @ApiProperty({ format: 'uuid' }) template_id: string;
  @ApiProperty({ type: String, nullable: true }) template_slug: string | null;
  @ApiProperty({ type: String, nullable: true }) template_name: string | null;
  @ApiProperty({ type: UsageRunCountsDto }) runs: UsageRunCountsDto;
  @ApiProperty() real_cost_usd: string;
  @ApiProperty() simulated_runs: number;
  @ApiProperty() simulated_cost_usd: string;
}

@ApiSchema({ name: 'UsageRecentRun' })
export class UsageRecentRunDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() display_name: string;
  @ApiProperty({ enum: RUN_STATUSES }) status: string;
  @ApiProperty({ type: String, nullable: true }) template_slug: string | null;
  @ApiProperty() simulated: boolean;
  @ApiProperty() draft: boolean;
  @ApiProperty() real_cost_usd: string;
  @ApiProperty() simulated_cost_usd: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

@ApiSchema({ name: 'UserUsageDetail' })
export class UserUsageDetailDto extends UserUsageDto {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: [UsageDayDto], description: 'One entry per day of the window (days without runs are zero).' }) days: UsageDayDto[];
  @ApiProperty({ type: [UsageWorkflowDto], description: 'Per workflow, most real spend first.' }) by_workflow: UsageWorkflowDto[];
  @ApiProperty({ type: [UsageRecentRunDto], description: 'The latest 20 runs started in the window, newest first.' }) recent_runs: UsageRecentRunDto[];
}
