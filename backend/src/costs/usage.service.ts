import { Injectable } from '@nestjs/common';
import { formatUsd, parseUsd } from '@esy/orchestration';
import { ApiException, notFound } from '../common/errors/api.exception';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor';
import { dayWindow } from './analytics-window';
import type {
  ListUsageQueryDto,
  UsageFiguresDto,
  UsageListDto,
  UsageRunCountsDto,
  UsageWindowQueryDto,
  UserUsageDetailDto,
  UserUsageDto,
} from './dto/usage.dto';
import { UsageRepository, type AttemptSumsRow, type UsageRange, type UsageSumsRow, type UserUsageRow } from './usage.repository';

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;
const RECENT_RUNS = 20;

/** Exact decimal string of a NUMERIC sum (null → "0.00"). */
const usd = (value: string | null | undefined): string => formatUsd(parseUsd(value ?? '0'));

const invalid = (field: string, message: string) => new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [{ field, message }]);

/** A YYYY-MM-DD that names a real calendar day (the DTO only checks the shape), as UTC midnight. */
function parseDay(value: string, field: string): Date {
  const at = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== value) throw invalid(field, `${field} must be a real calendar date`);
  return at;
}

/** The window asked for: whole UTC days, `to` inclusive; 30 days ending today by default. */
export function usageWindow(query: UsageWindowQueryDto, now = new Date()): { from: string; to: string; range: UsageRange } {
  const to = query.to ?? dayWindow(now, 1).to;
  const toDay = parseDay(to, 'to');
  const from = query.from ?? new Date(toDay.getTime() - 29 * DAY_MS).toISOString().slice(0, 10);
  const fromDay = parseDay(from, 'from');
  if (fromDay > toDay) throw invalid('from', 'from must be on or before to');
  if ((toDay.getTime() - fromDay.getTime()) / DAY_MS + 1 > MAX_DAYS) throw invalid('from', `the window must span at most ${MAX_DAYS} days`);
  return { from, to, range: { start: fromDay, end: new Date(toDay.getTime() + DAY_MS) } };
}

function runCounts(row: UsageSumsRow): UsageRunCountsDto {
  return { total: row.runs, completed: row.completed, paused: row.paused, failed: row.failed, running: row.running, cancelled: row.cancelled };
}

function figures(row: UsageSumsRow & AttemptSumsRow): UsageFiguresDto {
  return {
    runs: runCounts(row),
    real_cost_usd: usd(row.real_cost),
    tokens_in: Number(row.tokens_in),
    tokens_out: Number(row.tokens_out),
    simulated: {
      runs: row.simulated_runs,
      gate_executions: row.simulated_attempts,
      tokens_in: Number(row.simulated_tokens_in),
      tokens_out: Number(row.simulated_tokens_out),
      cost_usd: usd(row.simulated_cost),
    },
  };
}

function userUsage(row: UserUsageRow): UserUsageDto {
  return {
    user: { id: row.id, email: row.email, display_name: row.display_name, role: row.role, disabled: row.disabled },
    ...figures(row),
    last_run_at: row.last_run_at ? new Date(row.last_run_at).toISOString() : null,
  };
}

/**
 * Per-user usage for administrators: runs, real spend and simulated work kept apart, over a window of UTC days.
 * Real spend is what the budgets count (the run's total minus its simulated part); simulated figures are reported
 * beside it and never added in.
 */
@Injectable()
export class UsageService {
  constructor(private readonly usage: UsageRepository) {}

  async list(query: ListUsageQueryDto, now = new Date()): Promise<UsageListDto> {
    const { from, to, range } = usageWindow(query, now);
    // Sorted by sums that move while an admin pages, so the cursor is simply the next offset.
    const offset = query.cursor ? Number(decodeCursor(query.cursor, ['integer'])[0]) : 0;
    if (offset < 0) throw invalid('cursor', 'cursor must be a next_cursor value returned by this list');
    const [rows, total, totals] = await Promise.all([
      this.usage.listUsers(range, query.sort, query.limit + 1, offset),
      this.usage.countUsers(),
      this.usage.totals(range),
    ]);
    const has_more = rows.length > query.limit;
    return {
      from,
      to,
      sort: query.sort,
      total,
      totals: figures(totals),
      users: rows.slice(0, query.limit).map(userUsage),
      has_more,
      next_cursor: has_more ? encodeCursor([offset + query.limit]) : null,
    };
  }

  async forUser(userId: string, query: UsageWindowQueryDto, now = new Date()): Promise<UserUsageDetailDto> {
    const { from, to, range } = usageWindow(query, now);
    const row = await this.usage.findUser(range, userId);
    if (!row) throw notFound('User');
    const [days, workflows, recent] = await Promise.all([
      this.usage.days(range, userId),
      this.usage.byWorkflow(range, userId),
      this.usage.recentRuns(range, userId, RECENT_RUNS),
    ]);
    return {
      ...userUsage(row),
      from,
      to,
      days: days.map((day) => ({
        day: day.day,
        runs: day.runs,
        real_cost_usd: usd(day.real_cost),
        simulated_runs: day.simulated_runs,
        simulated_cost_usd: usd(day.simulated_cost),
      })),
      by_workflow: workflows.map((w) => ({
        template_id: w.template_id,
        template_slug: w.template_slug,
        template_name: w.template_name,
        runs: runCounts(w),
        real_cost_usd: usd(w.real_cost),
        simulated_runs: w.simulated_runs,
        simulated_cost_usd: usd(w.simulated_cost),
      })),
      recent_runs: recent.map((run) => ({
        id: run.id,
        display_name: run.display_name,
        status: run.status,
        template_slug: run.template_slug,
        simulated: run.simulated,
        draft: run.draft,
        real_cost_usd: usd(run.real_cost),
        simulated_cost_usd: usd(run.simulated_cost),
        created_at: new Date(run.created_at).toISOString(),
      })),
    };
  }
}
