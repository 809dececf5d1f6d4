import { Inject, Injectable } from '@nestjs/common';
import { PG, type Pg } from '../database/pg';
import type { UsageSort } from './dto/usage.dto';

/** A half-open instant range [start, end) covering whole UTC days. */
export interface UsageRange {
  start: Date;
  end: Date;
}

/** Per-user (or per-workflow, per-day) sums as PostgreSQL returns them: money as exact NUMERIC text. */
export interface UsageSumsRow {
  runs: number;
  completed: number;
  paused: number;
  failed: number;
  running: number;
  cancelled: number;
  simulated_runs: number;
  real_cost: string | null;
  simulated_cost: string | null;
}

export interface AttemptSumsRow {
  tokens_in: string;
  tokens_out: string;
  simulated_attempts: number;
  simulated_tokens_in: string;
  simulated_tokens_out: string;
}

export interface UserUsageRow extends UsageSumsRow, AttemptSumsRow {
  id: string;
  email: string;
  display_name: string | null;
  role: 'user' | 'admin';
  disabled: boolean;
  last_run_at: Date | null;
}

export interface WorkflowUsageRow extends UsageSumsRow {
  template_id: string;
  template_slug: string | null;
  template_name: string | null;
}

export interface DayUsageRow {
  day: string;
  runs: number;
  simulated_runs: number;
  real_cost: string | null;
  simulated_cost: string | null;
}

export interface RecentRunRow {
  id: string;
  display_name: string;
  status: string;
  template_slug: string | null;
  simulated: boolean;
  draft: boolean;
  real_cost: string | null;
  simulated_cost: string | null;
  created_at: Date;
}

// Real spend is the run's total minus its simulated part, exactly as the run view and the budget count it.
const RUN_SUMS = `count(*)::int AS runs,
  count(*) FILTER (WHERE r.status = 'completed')::int AS completed,
  count(*) FILTER (WHERE r.status = 'paused')::int AS paused,
  count(*) FILTER (WHERE r.status = 'failed')::int AS failed,
  count(*) FILTER (WHERE r.status IN ('pending', 'running'))::int AS running,
  count(*) FILTER (WHERE r.status = 'cancelled')::int AS cancelled,
  count(*) FILTER (WHERE r.simulated)::int AS simulated_runs,
  sum(r.total_cost_usd - r.simulated_cost_usd)::text AS real_cost,
  sum(r.simulated_cost_usd)::text AS simulated_cost`;

const ATTEMPT_SUMS = `coalesce(sum(g.tokens_in) FILTER (WHERE NOT g.simulated), 0)::text AS tokens_in,
  coalesce(sum(g.tokens_out) FILTER (WHERE NOT g.simulated), 0)::text AS tokens_out,
  count(*) FILTER (WHERE g.simulated)::int AS simulated_attempts,
  coalesce(sum(g.tokens_in) FILTER (WHERE g.simulated), 0)::text AS simulated_tokens_in,
  coalesce(sum(g.tokens_out) FILTER (WHERE g.simulated), 0)::text AS simulated_tokens_out`;

const ZERO_SUMS = `coalesce(rs.runs, 0) AS runs, coalesce(rs.completed, 0) AS completed, coalesce(rs.paused, 0) AS paused,
  coalesce(rs.failed, 0) AS failed, coalesce(rs.running, 0) AS running, coalesce(rs.cancelled, 0) AS cancelled,
  coalesce(rs.simulated_runs, 0) AS simulated_runs, rs.real_cost, rs.simulated_cost,
  coalesce(gs.tokens_in, '0') AS tokens_in, coalesce(gs.tokens_out, '0') AS tokens_out,
  coalesce(gs.simulated_attempts, 0) AS simulated_attempts,
  coalesce(gs.simulated_tokens_in, '0') AS simulated_tokens_in, coalesce(gs.simulated_tokens_out, '0') AS simulated_tokens_out`;

/** Users with their window's sums; `$1`/`$2` are the range, `$3` an optional single user. */
const USERS_WITH_SUMS = `WITH rs AS (
    SELECT r.user_id, ${RUN_SUMS} FROM runs r
    WHERE r.created_at >= $1 AND r.created_at < $2 AND ($3::uuid IS NULL OR r.user_id = $3::uuid)
    GROUP BY r.user_id
  ), gs AS (
    SELECT r.user_id, ${ATTEMPT_SUMS} FROM gate_executions g JOIN runs r ON r.id = g.run_id
    WHERE r.created_at >= $1 AND r.created_at < $2 AND ($3::uuid IS NULL OR r.user_id = $3::uuid)
    GROUP BY r.user_id
  )
  SELECT u.id, u.email, u.display_name, u.role, u.disabled, ${ZERO_SUMS},
    (SELECT max(x.created_at) FROM runs x WHERE x.user_id = u.id) AS last_run_at
  FROM users u LEFT JOIN rs ON rs.user_id = u.id LEFT JOIN gs ON gs.user_id = u.id
  WHERE ($3::uuid IS NULL OR u.id = $3::uuid)`;

const ORDER: Record<UsageSort, string> = {
  real_cost: 'coalesce(rs.real_cost::numeric, 0) DESC, coalesce(rs.runs, 0) DESC',
  runs: 'coalesce(rs.runs, 0) DESC, coalesce(rs.real_cost::numeric, 0) DESC',
  last_run: 'last_run_at DESC NULLS LAST',
};

/** Read-only usage figures per user, from `runs` (created_at, user indexes) and their gate attempts. */
@Injectable()
export class UsageRepository {
  constructor(@Inject(PG) private readonly pg: Pg) {}

  async countUsers(): Promise<number> {
    const { rows } = await this.pg.query<{ count: number }>({ name: 'usage_count_users', text: 'SELECT count(*)::int AS count FROM users' });
    return rows[0].count;
  }

  /** One page of users, with their sums in the range; ties broken by email then id so pages never overlap. */
  async listUsers(range: UsageRange, sort: UsageSort, limit: number, offset: number): Promise<UserUsageRow[]> {
    const { rows } = await this.pg.query<UserUsageRow>(
      {
        name: `usage_list_users_${sort}`,
        text: `${USERS_WITH_SUMS} ORDER BY ${ORDER[sort]}, u.email, u.id LIMIT $4 OFFSET $5`,
      },
      [range.start, range.end, null, limit, offset],
    );
    return rows;
  }

  async findUser(range: UsageRange, userId: string): Promise<UserUsageRow | null> {
    const { rows } = await this.pg.query<UserUsageRow>({ name: 'usage_one_user', text: USERS_WITH_SUMS }, [range.start, range.end, userId]);
    return rows[0] ?? null;
  }

  /** Everyone together in the range. */
  async totals(range: UsageRange): Promise<UsageSumsRow & AttemptSumsRow> {
    const [runs, attempts] = await Promise.all([
      this.pg.query<UsageSumsRow>({ name: 'usage_totals_runs', text: `SELECT ${RUN_SUMS} FROM runs r WHERE r.created_at >= $1 AND r.created_at < $2` }, [range.start, range.end]),
      this.pg.query<AttemptSumsRow>(
        { name: 'usage_totals_attempts', text: `SELECT ${ATTEMPT_SUMS} FROM gate_executions g JOIN runs r ON r.id = g.run_id WHERE r.created_at >= $1 AND r.created_at < $2` },
        [range.start, range.end],
      ),
    ]);
    return { ...runs.rows[0], ...attempts.rows[0] };
  }

  /** One row per UTC day of the range, zero-filled. */
  async days(range: UsageRange, userId: string): Promise<DayUsageRow[]> {
    const { rows } = await this.pg.query<DayUsageRow>(
      {
        name: 'usage_user_days',
        text: `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, coalesce(s.runs, 0)::int AS runs, coalesce(s.simulated_runs, 0)::int AS simulated_runs,
                 s.real_cost, s.simulated_cost
               FROM generate_series($1::timestamptz AT TIME ZONE 'UTC', ($2::timestamptz AT TIME ZONE 'UTC') - interval '1 day', interval '1 day') AS d(day)
               LEFT JOIN (
                 SELECT (r.created_at AT TIME ZONE 'UTC')::date AS day, ${RUN_SUMS}
                 FROM runs r WHERE r.user_id = $3 AND r.created_at >= $1 AND r.created_at < $2
                 GROUP BY 1
               ) s ON s.day = d.day::date
               ORDER BY d.day`,
      },
      [range.start, range.end, userId],
    );
    return rows;
  }

  async byWorkflow(range: UsageRange, userId: string): Promise<WorkflowUsageRow[]> {
    const { rows } = await this.pg.query<WorkflowUsageRow>(
      {
        name: 'usage_user_workflows',
        text: `SELECT r.template_id, t.slug AS template_slug, t.name AS template_name, ${RUN_SUMS}
               FROM runs r LEFT JOIN workflow_templates t ON t.id = r.template_id
               WHERE r.user_id = $3 AND r.created_at >= $1 AND r.created_at < $2
               GROUP BY r.template_id, t.slug, t.name
               ORDER BY sum(r.total_cost_usd - r.simulated_cost_usd) DESC, count(*) DESC, t.slug`,
      },
      [range.start, range.end, userId],
    );
    return rows;
  }

  async recentRuns(range: UsageRange, userId: string, limit: number): Promise<RecentRunRow[]> {
    const { rows } = await this.pg.query<RecentRunRow>(
      {
        name: 'usage_user_recent_runs',
        text: `SELECT r.id, r.display_name, r.status, t.slug AS template_slug, r.simulated, r.draft,
                 (r.total_cost_usd - r.simulated_cost_usd)::text AS real_cost, r.simulated_cost_usd::text AS simulated_cost, r.created_at
               FROM runs r LEFT JOIN workflow_templates t ON t.id = r.template_id
               WHERE r.user_id = $3 AND r.created_at >= $1 AND r.created_at < $2
               ORDER BY r.created_at DESC, r.id DESC LIMIT $4`,
      },
      [range.start, range.end, userId, limit],
    );
    return rows;
  }
}
