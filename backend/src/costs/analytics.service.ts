import { Inject, Injectable } from '@nestjs/common';
import { formatUsd, parseUsd } from '@esy/orchestration';
import { PG, type Pg } from '../database/pg';
import { dayWindow, isoDay, overviewPeriods, rate } from './analytics-window';
import type {
  AnalyticsSimulatedQueryDto,
  SimulatedFiguresDto,
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

/** Rollup rows counted in a figure: real ones only, unless simulated work is asked for too. */
const SIMULATED_FILTER = (param: string) => `(${param}::boolean OR NOT a.simulated)`;





/**
 * Admin analytics. Attempt figures come from the trigger-maintained daily rollups (`analytics_gate_daily`,
 * `analytics_fail_code_daily`), so each query reads at most days × templates × gates × models rows whatever the
 * number of attempts; run counts come from `runs` through its created_at index.
 */
@Injectable()
export class AnalyticsService {
  constructor(@Inject(PG) private readonly pg: Pg) {}

  async overview(query: AnalyticsSimulatedQueryDto = { include_simulated: false }, now = new Date()): Promise<AnalyticsOverviewDto> {
    const includeSimulated = query.include_simulated === true;
    const periods = overviewPeriods(now);
    const lower = new Date(Math.min(periods.week.getTime(), periods.month.getTime()));
    const monthDay = isoDay(periods.month);
    const [runs, cells] = await Promise.all([
      this.pg.query<Record<string, string | number | null>>(
        {
          name: 'analytics_overview_runs',
          text: `SELECT
            count(*) FILTER (WHERE created_at >= $2)::int AS today_runs,
            count(*) FILTER (WHERE created_at >= $2 AND status = 'completed')::int AS today_completed,
            count(*) FILTER (WHERE created_at >= $2 AND status = 'failed')::int AS today_failed,
            count(*) FILTER (WHERE created_at >= $2 AND status IN ('pending', 'running', 'paused'))::int AS today_active,
            sum(total_cost_usd - CASE WHEN $5 THEN 0 ELSE simulated_cost_usd END) FILTER (WHERE created_at >= $2)::text AS today_cost,
            sum(simulated_cost_usd) FILTER (WHERE created_at >= $2)::text AS today_simulated_cost,
            count(*) FILTER (WHERE created_at >= $3)::int AS week_runs,
            count(*) FILTER (WHERE created_at >= $3 AND status = 'completed')::int AS week_completed,
            count(*) FILTER (WHERE created_at >= $3 AND status = 'failed')::int AS week_failed,
            count(*) FILTER (WHERE created_at >= $3 AND status IN ('pending', 'running', 'paused'))::int AS week_active,
            sum(total_cost_usd - CASE WHEN $5 THEN 0 ELSE simulated_cost_usd END) FILTER (WHERE created_at >= $3)::text AS week_cost,
            sum(simulated_cost_usd) FILTER (WHERE created_at >= $3)::text AS week_simulated_cost,
            count(*) FILTER (WHERE created_at >= $4)::int AS month_runs,
            count(*) FILTER (WHERE created_at >= $4 AND status = 'completed')::int AS month_completed,
            count(*) FILTER (WHERE created_at >= $4 AND status = 'failed')::int AS month_failed,
            count(*) FILTER (WHERE created_at >= $4 AND status IN ('pending', 'running', 'paused'))::int AS month_active,
            sum(total_cost_usd - CASE WHEN $5 THEN 0 ELSE simulated_cost_usd END) FILTER (WHERE created_at >= $4)::text AS month_cost,
            sum(simulated_cost_usd) FILTER (WHERE created_at >= $4)::text AS month_simulated_cost
          FROM runs WHERE created_at >= $1`,
        },
        [lower, periods.today, periods.week, periods.month, includeSimulated],
      ),
      this.cells(monthDay, isoDay(now), undefined, true),
    ]);
    const row = runs.rows[0];
    const period = (key: 'today' | 'week' | 'month'): PeriodFiguresDto => ({
      from: periods[key].toISOString(),
      runs: Number(row[`${key}_runs`]),
      completed: Number(row[`${key}_completed`]),
      failed: Number(row[`${key}_failed`]),
      active: Number(row[`${key}_active`]),
      cost_usd: usd(row[`${key}_cost`] as string | null),
      simulated_cost_usd: usd(row[`${key}_simulated_cost`] as string | null),
    });
    const counted = countedCells(cells, includeSimulated);
    return {
      generated_at: now.toISOString(),
      include_simulated: includeSimulated,
      simulated: simulatedFigures(cells),
      periods: { today: period('today'), week: period('week'), month: period('month') },
      gate_pass_rates: byGate(counted),
      model_usage: byModel(counted),
    };
  }

  async reliability(query: AnalyticsWindowQueryDto, now = new Date()): Promise<AnalyticsReliabilityDto> {
    const { from, to } = dayWindow(now, query.days);
    const all = await this.cells(from, to, query.template_id, true);
    const cells = countedCells(all, query.include_simulated === true);
    const [overall] = byModel(cells.map((cell) => ({ ...cell, model_id: '*' })));
    return {
      from,
      to,
      include_simulated: query.include_simulated === true,
      simulated: simulatedFigures(all),
      gates_by_model: cells.filter((cell) => cell.attempts > 0).map(toGateFigures) as GateModelReliabilityDto[],
      models: byModel(cells),
      overall: overall ?? { model_id: '*', attempts: 0, passed: 0, pass_rate: null, first_attempt_pass_rate: null, tokens_in: 0, tokens_out: 0, cost_usd: '0.00' },
    };
  }

  async failCodes(query: AnalyticsWindowQueryDto, now = new Date()): Promise<AnalyticsFailCodesDto> {
    const { from, to } = dayWindow(now, query.days);
    const params = [from, to, query.template_id ?? null, query.include_simulated === true];
    const filter = `a.day BETWEEN $1::date AND $2::date AND ($3::uuid IS NULL OR a.template_id = $3::uuid) AND ${SIMULATED_FILTER('$4')}`;
    const [perGate, failed, simulated] = await Promise.all([
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
      this.simulatedIn(from, to, query.template_id),
    ]);
    const totals = new Map<string, number>();
    for (const row of perGate.rows) totals.set(row.code, (totals.get(row.code) ?? 0) + row.count);
    const all = [...totals.values()].reduce((a, b) => a + b, 0);
    const codes = [...totals.entries()]
      .map(([code, count]) => ({ code, count, share: rate(count, all) ?? 0 }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
    return { from, to, include_simulated: query.include_simulated === true, simulated, failed_attempts: failed.rows[0].failed, codes, by_gate: perGate.rows };
  }

  async costTrend(query: AnalyticsWindowQueryDto, now = new Date()): Promise<AnalyticsCostTrendDto> {
    const { from, to } = dayWindow(now, query.days);
    const params = [from, to, query.template_id ?? null, query.include_simulated === true];
    const filter = `a.day BETWEEN $1::date AND $2::date AND ($3::uuid IS NULL OR a.template_id = $3::uuid) AND ${SIMULATED_FILTER('$4')}`;
    const [days, perModel, simulated] = await Promise.all([
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
      this.simulatedIn(from, to, query.template_id),
    ]);
    let total = 0n;
    const dayRows = days.rows.map((row) => {
      total += parseUsd(row.cost_usd ?? '0');
      return { day: row.day, attempts: row.attempts, tokens_in: Number(row.tokens_in), tokens_out: Number(row.tokens_out), cost_usd: usd(row.cost_usd) };
    });
    return {
      from,
      to,
      include_simulated: query.include_simulated === true,
      simulated,
      total_cost_usd: formatUsd(total),
      days: dayRows,
      by_model: perModel.rows.map((row) => ({ ...row, cost_usd: usd(row.cost_usd) })),
    };
  }

  /**
   * The window's figures per template × gate × model in one aggregation; gate, model and overall figures are
   * reduced from these few hundred cells in memory rather than by more passes over the rollups.
   */
  private async cells(from: string, to: string, templateId: string | undefined, includeSimulated: boolean): Promise<Cell[]> {
    const { rows } = await this.pg.query<Cell & { tokens_in: string; tokens_out: string; cost_usd: string }>(
      {
        name: 'analytics_cells',
        text: `SELECT a.template_id, t.slug AS template_slug, a.gate_id, max(a.gate_name) AS gate_name, a.model_id, a.simulated, ${CELL_SUMS}
               FROM analytics_gate_daily a LEFT JOIN workflow_templates t ON t.id = a.template_id
               WHERE a.day BETWEEN $1::date AND $2::date AND ($3::uuid IS NULL OR a.template_id = $3::uuid) AND ${SIMULATED_FILTER('$4')}
               GROUP BY a.template_id, t.slug, a.gate_id, a.model_id, a.simulated
               ORDER BY t.slug, a.gate_id, a.model_id, a.simulated`,
      },
      [from, to, templateId ?? null, includeSimulated],
    );
    return rows.map((row) => ({ ...row, tokens_in: Number(row.tokens_in), tokens_out: Number(row.tokens_out), cost_pico: parseUsd(row.cost_usd ?? '0') }));
  }

  /** Simulated work in a window, reported apart from the real figures. */
  private async simulatedIn(from: string, to: string, templateId: string | undefined): Promise<SimulatedFiguresDto> {
    const { rows } = await this.pg.query<{ attempts: number; tokens_in: string; tokens_out: string; cost_usd: string | null }>(
      {
        name: 'analytics_simulated_window',
        text: `SELECT coalesce(sum(a.attempts), 0)::int AS attempts, coalesce(sum(a.tokens_in), 0)::text AS tokens_in,
                 coalesce(sum(a.tokens_out), 0)::text AS tokens_out, sum(a.cost_usd)::text AS cost_usd
               FROM analytics_gate_daily a
               WHERE a.simulated AND a.day BETWEEN $1::date AND $2::date AND ($3::uuid IS NULL OR a.template_id = $3::uuid)`,
      },
      [from, to, templateId ?? null],
    );
    const row = rows[0];
    return { attempts: row.attempts, tokens_in: Number(row.tokens_in), tokens_out: Number(row.tokens_out), cost_usd: usd(row.cost_usd) };
  }
}

function countedCells(cells: Cell[], includeSimulated: boolean): Cell[] {
  return includeSimulated ? cells : cells.filter((cell) => !cell.simulated);
}

function simulatedFigures(cells: Cell[]): SimulatedFiguresDto {
  const simulated = cells.filter((cell) => cell.simulated);
  return {
    attempts: simulated.reduce((sum, cell) => sum + cell.attempts, 0),
    tokens_in: simulated.reduce((sum, cell) => sum + cell.tokens_in, 0),
    tokens_out: simulated.reduce((sum, cell) => sum + cell.tokens_out, 0),
    cost_usd: formatUsd(simulated.reduce((sum, cell) => sum + cell.cost_pico, 0n)),
  };
}

interface Cell {
  simulated: boolean;
  template_id: string;
  template_slug: string | null;
  gate_id: string;
  gate_name: string;
  model_id: string;
  attempts: number;
  passed: number;
  warnings: number;
  failed: number;
  first_attempts: number;
  first_attempt_passed: number;
  tokens_in: number;
  tokens_out: number;
  cost_pico: bigint;
}

const CELL_SUMS = `sum(a.attempts)::int AS attempts, sum(a.passed)::int AS passed, sum(a.warnings)::int AS warnings,
  sum(a.failed)::int AS failed, sum(a.first_attempts)::int AS first_attempts, sum(a.first_attempt_passed)::int AS first_attempt_passed,
  sum(a.tokens_in)::text AS tokens_in, sum(a.tokens_out)::text AS tokens_out, sum(a.cost_usd)::text AS cost_usd`;

function toGateFigures(cell: Cell): GatePassRateDto & { model_id: string } {
  const { cost_pico: _cost, tokens_in: _in, tokens_out: _out, simulated: _simulated, ...rest } = cell;
  return {
    ...rest,
    pass_rate: rate(cell.passed + cell.warnings, cell.attempts),
    first_attempt_pass_rate: rate(cell.first_attempt_passed, cell.first_attempts),
  };
}

function addCell(into: Cell, cell: Cell): void {
  into.attempts += cell.attempts;
  into.passed += cell.passed;
  into.warnings += cell.warnings;
  into.failed += cell.failed;
  into.first_attempts += cell.first_attempts;
  into.first_attempt_passed += cell.first_attempt_passed;
  into.tokens_in += cell.tokens_in;
  into.tokens_out += cell.tokens_out;
  into.cost_pico += cell.cost_pico;
}

/** Pass rates per template and gate (over every model), finished attempts only. */
function byGate(cells: Cell[]): GatePassRateDto[] {
  const groups = new Map<string, Cell>();
  for (const cell of cells) {
    const key = `${cell.template_id}|${cell.gate_id}`;
    const group = groups.get(key);
    if (group) {
      addCell(group, cell);
      if (cell.gate_name > group.gate_name) group.gate_name = cell.gate_name;
    } else groups.set(key, { ...cell });
  }
  return [...groups.values()].filter((g) => g.attempts > 0).map((g) => {
    const { model_id: _model, ...figures } = toGateFigures(g);
    return figures;
  });
}

/** Usage and pass rates per model, most expensive first. */
function byModel(cells: Cell[]): ModelUsageFiguresDto[] {
  const groups = new Map<string, Cell>();
  for (const cell of cells) {
    const group = groups.get(cell.model_id);
    if (group) addCell(group, cell);
    else groups.set(cell.model_id, { ...cell });
  }
  return [...groups.values()]
    .sort((a, b) => (b.cost_pico > a.cost_pico ? 1 : b.cost_pico < a.cost_pico ? -1 : a.model_id.localeCompare(b.model_id)))
    .map((g) => ({
      model_id: g.model_id,
      attempts: g.attempts,
      passed: g.passed + g.warnings,
      pass_rate: rate(g.passed + g.warnings, g.attempts),
      first_attempt_pass_rate: rate(g.first_attempt_passed, g.first_attempts),
      tokens_in: g.tokens_in,
      tokens_out: g.tokens_out,
      cost_usd: formatUsd(g.cost_pico),
    }));
}
