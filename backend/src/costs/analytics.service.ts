import { Inject, Injectable } from '@nestjs/common';
import { formatUsd, parseUsd } from '@esy/orchestration';
import { PG, type Pg } from '../engine/pg';
import { dayWindow, isoDay, overviewPeriods, rate } from './analytics-window';
import type {
  AnalyticsCostTrendDto,
  AnalyticsFailCodesDto,
  AnalyticsOverviewDto,
  AnalyticsReliabilityDto,
  AnalyticsWindowQueryDto,
  GateModelReliabilityDto,
  GatePassRateDto,
  ModelUsageFiguresDto,
  PeriodFiguresDto,
} from './dto/analytics.dto';

/** Exact decimal string of a NUMERIC sum (null → "0.00"). */
const usd = (value: string | null | undefined): string => formatUsd(parseUsd(value ?? '0'));

interface GateRow {
  template_id: string;
  template_slug: string | null;
  gate_id: string;
  gate_name: string;
  model_id?: string;
  attempts: number;
  passed: number;
  warnings: number;
  failed: number;
  first_attempts: number;
  first_attempt_passed: number;
}

interface ModelRow {
  model_id: string;
  attempts: number;
  passed: number;
  first_attempts: number;
  first_attempt_passed: number;
  tokens_in: string;
  tokens_out: string;
  cost_usd: string | null;
}

const GATE_SUMS = `sum(a.attempts)::int AS attempts, sum(a.passed)::int AS passed, sum(a.warnings)::int AS warnings,
  sum(a.failed)::int AS failed, sum(a.first_attempts)::int AS first_attempts, sum(a.first_attempt_passed)::int AS first_attempt_passed`;

const MODEL_SUMS = `sum(a.attempts)::int AS attempts, (sum(a.passed) + sum(a.warnings))::int AS passed,
  sum(a.first_attempts)::int AS first_attempts, sum(a.first_attempt_passed)::int AS first_attempt_passed,
  sum(a.tokens_in)::text AS tokens_in, sum(a.tokens_out)::text AS tokens_out, sum(a.cost_usd)::text AS cost_usd`;

/**
 * Admin analytics. Attempt figures come from the trigger-maintained daily rollups (`analytics_gate_daily`,
 * `analytics_fail_code_daily`), so each query reads at most days × templates × gates × models rows whatever the
 * number of attempts; run counts come from `runs` through its created_at index.
 */
@Injectable()
export class AnalyticsService {
  constructor(@Inject(PG) private readonly pg: Pg) {}

  async overview(now = new Date()): Promise<AnalyticsOverviewDto> {
    const periods = overviewPeriods(now);
    const lower = new Date(Math.min(periods.week.getTime(), periods.month.getTime()));
    const monthDay = isoDay(periods.month);
    const [runs, gates, models] = await Promise.all([
      this.pg.query<Record<string, string | number | null>>(
        {
          name: 'analytics_overview_runs',
          text: `SELECT
            count(*) FILTER (WHERE created_at >= $2)::int AS today_runs,
            count(*) FILTER (WHERE created_at >= $2 AND status = 'completed')::int AS today_completed,
            count(*) FILTER (WHERE created_at >= $2 AND status = 'failed')::int AS today_failed,
            count(*) FILTER (WHERE created_at >= $2 AND status IN ('pending', 'running', 'paused'))::int AS today_active,
            sum(total_cost_usd) FILTER (WHERE created_at >= $2)::text AS today_cost,
            count(*) FILTER (WHERE created_at >= $3)::int AS week_runs,
            count(*) FILTER (WHERE created_at >= $3 AND status = 'completed')::int AS week_completed,
            count(*) FILTER (WHERE created_at >= $3 AND status = 'failed')::int AS week_failed,
            count(*) FILTER (WHERE created_at >= $3 AND status IN ('pending', 'running', 'paused'))::int AS week_active,
            sum(total_cost_usd) FILTER (WHERE created_at >= $3)::text AS week_cost,
            count(*) FILTER (WHERE created_at >= $4)::int AS month_runs,
            count(*) FILTER (WHERE created_at >= $4 AND status = 'completed')::int AS month_completed,
            count(*) FILTER (WHERE created_at >= $4 AND status = 'failed')::int AS month_failed,
            count(*) FILTER (WHERE created_at >= $4 AND status IN ('pending', 'running', 'paused'))::int AS month_active,
            sum(total_cost_usd) FILTER (WHERE created_at >= $4)::text AS month_cost
          FROM runs WHERE created_at >= $1`,
        },
        [lower, periods.today, periods.week, periods.month],
      ),
      this.gateRows(monthDay, isoDay(now), undefined, false),
      this.modelRows(monthDay, isoDay(now), undefined),
    ]);
    const row = runs.rows[0];
    const period = (key: 'today' | 'week' | 'month'): PeriodFiguresDto => ({
      from: periods[key].toISOString(),
      runs: Number(row[`${key}_runs`]),
      completed: Number(row[`${key}_completed`]),
      failed: Number(row[`${key}_failed`]),
      active: Number(row[`${key}_active`]),
      cost_usd: usd(row[`${key}_cost`] as string | null),
    });
    return {
      generated_at: now.toISOString(),
      periods: { today: period('today'), week: period('week'), month: period('month') },
      gate_pass_rates: gates,
      model_usage: models,
    };
  }

  async reliability(query: AnalyticsWindowQueryDto, now = new Date()): Promise<AnalyticsReliabilityDto> {
    const { from, to } = dayWindow(now, query.days);
    const [gates, models] = await Promise.all([this.gateRows(from, to, query.template_id, true), this.modelRows(from, to, query.template_id)]);
    const overall = models.reduce(
      (sum, m) => {
        sum.attempts += m.attempts;
        sum.passed += m.passed;
        sum.tokens_in += m.tokens_in;
        sum.tokens_out += m.tokens_out;
        sum.cost_usd = usd(formatUsd(parseUsd(sum.cost_usd) + parseUsd(m.cost_usd)));
        return sum;
      },
      { model_id: '*', attempts: 0, passed: 0, pass_rate: null, first_attempt_pass_rate: null, tokens_in: 0, tokens_out: 0, cost_usd: '0.00' } as ModelUsageFiguresDto,
    );
    const firsts = gates.reduce((acc, g) => ({ n: acc.n + g.first_attempts, ok: acc.ok + g.first_attempt_passed }), { n: 0, ok: 0 });
    overall.pass_rate = rate(overall.passed, overall.attempts);
    overall.first_attempt_pass_rate = rate(firsts.ok, firsts.n);
    return { from, to, gates_by_model: gates as GateModelReliabilityDto[], models, overall };
  }

  async failCodes(query: AnalyticsWindowQueryDto, now = new Date()): Promise<AnalyticsFailCodesDto> {
    const { from, to } = dayWindow(now, query.days);
    const params = [from, to, query.template_id ?? null];
    const filter = `a.day BETWEEN $1::date AND $2::date AND ($3::uuid IS NULL OR a.template_id = $3::uuid)`;
    const [byGate, failed] = await Promise.all([
      this.pg.query<{ template_id: string; template_slug: string | null; gate_id: string; code: string; count: number }>(
        {
          name: 'analytics_fail_codes_by_gate',
          text: `SELECT a.template_id, t.slug AS template_slug, a.gate_id, a.fail_code AS code, sum(a.count)::int AS count
                 FROM analytics_fail_code_daily a LEFT JOIN workflow_templates t ON t.id = a.template_id
                 WHERE ${filter} GROUP BY a.template_id, t.slug, a.gate_id, a.fail_code
                 HAVING sum(a.count) > 0 ORDER BY count DESC, a.fail_code, a.gate_id`,
        },
        params,
      ),
      this.pg.query<{ failed: number }>(
        { name: 'analytics_failed_attempts', text: `SELECT coalesce(sum(a.failed), 0)::int AS failed FROM analytics_gate_daily a WHERE ${filter}` },
        params,
      ),
    ]);
    const totals = new Map<string, number>();
    for (const row of byGate.rows) totals.set(row.code, (totals.get(row.code) ?? 0) + row.count);
    const all = [...totals.values()].reduce((a, b) => a + b, 0);
    const codes = [...totals.entries()]
      .map(([code, count]) => ({ code, count, share: rate(count, all) ?? 0 }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
    return { from, to, failed_attempts: failed.rows[0].failed, codes, by_gate: byGate.rows };
  }

  async costTrend(query: AnalyticsWindowQueryDto, now = new Date()): Promise<AnalyticsCostTrendDto> {
    const { from, to } = dayWindow(now, query.days);
    const params = [from, to, query.template_id ?? null];
    const filter = `a.day BETWEEN $1::date AND $2::date AND ($3::uuid IS NULL OR a.template_id = $3::uuid)`;
    const [days, byModel] = await Promise.all([
      this.pg.query<{ day: string; attempts: number; tokens_in: string; tokens_out: string; cost_usd: string | null }>(
        {
          name: 'analytics_cost_trend_days',
          // Aggregate the window's rows first (range scan), then zero-fill the days without any.
          text: `SELECT to_char(d.day, 'YYYY-MM-DD') AS day, coalesce(s.attempts, 0)::int AS attempts,
                   coalesce(s.tokens_in, 0)::text AS tokens_in, coalesce(s.tokens_out, 0)::text AS tokens_out, s.cost_usd::text AS cost_usd
                 FROM generate_series($1::date, $2::date, interval '1 day') AS d(day)
                 LEFT JOIN (
                   SELECT a.day, sum(a.attempts) AS attempts, sum(a.tokens_in) AS tokens_in, sum(a.tokens_out) AS tokens_out, sum(a.cost_usd) AS cost_usd
                   FROM analytics_gate_daily a WHERE ${filter} GROUP BY a.day
                 ) s ON s.day = d.day::date
                 ORDER BY d.day`,
        },
        params,
      ),
      this.pg.query<{ day: string; model_id: string; cost_usd: string }>(
        {
          name: 'analytics_cost_trend_models',
          text: `SELECT to_char(a.day, 'YYYY-MM-DD') AS day, a.model_id, sum(a.cost_usd)::text AS cost_usd
                 FROM analytics_gate_daily a WHERE ${filter}
                 GROUP BY a.day, a.model_id HAVING sum(a.cost_usd) <> 0 ORDER BY a.day, a.model_id`,
        },
        params,
      ),
    ]);
    let total = 0n;
    const dayRows = days.rows.map((row) => {
      total += parseUsd(row.cost_usd ?? '0');
      return { day: row.day, attempts: row.attempts, tokens_in: Number(row.tokens_in), tokens_out: Number(row.tokens_out), cost_usd: usd(row.cost_usd) };
    });
    return {
      from,
      to,
      total_cost_usd: formatUsd(total),
      days: dayRows,
      by_model: byModel.rows.map((row) => ({ ...row, cost_usd: usd(row.cost_usd) })),
    };
  }

  private async gateRows(from: string, to: string, templateId: string | undefined, byModel: boolean): Promise<GatePassRateDto[]> {
    const modelColumn = byModel ? ', a.model_id' : '';
    const { rows } = await this.pg.query<GateRow>(
      `SELECT a.template_id, t.slug AS template_slug, a.gate_id, max(a.gate_name) AS gate_name${modelColumn}, ${GATE_SUMS}
       FROM analytics_gate_daily a LEFT JOIN workflow_templates t ON t.id = a.template_id
       WHERE a.day BETWEEN $1::date AND $2::date AND ($3::uuid IS NULL OR a.template_id = $3::uuid)
       GROUP BY a.template_id, t.slug, a.gate_id${modelColumn}
       HAVING sum(a.attempts) > 0
       ORDER BY t.slug, a.gate_id${modelColumn}`,
      [from, to, templateId ?? null],
    );
    return rows.map((row) => ({
      ...row,
      pass_rate: rate(row.passed + row.warnings, row.attempts),
      first_attempt_pass_rate: rate(row.first_attempt_passed, row.first_attempts),
    }));
  }

  private async modelRows(from: string, to: string, templateId: string | undefined): Promise<ModelUsageFiguresDto[]> {
    const { rows } = await this.pg.query<ModelRow>(
      `SELECT a.model_id, ${MODEL_SUMS}
       FROM analytics_gate_daily a
       WHERE a.day BETWEEN $1::date AND $2::date AND ($3::uuid IS NULL OR a.template_id = $3::uuid)
       GROUP BY a.model_id ORDER BY sum(a.cost_usd) DESC, a.model_id`,
      [from, to, templateId ?? null],
    );
    return rows.map((row) => ({
      model_id: row.model_id,
      attempts: row.attempts,
      passed: row.passed,
      pass_rate: rate(row.passed, row.attempts),
      first_attempt_pass_rate: rate(row.first_attempt_passed, row.first_attempts),
      tokens_in: Number(row.tokens_in),
      tokens_out: Number(row.tokens_out),
      cost_usd: usd(row.cost_usd),
    }));
  }
}
