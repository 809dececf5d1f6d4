import type { ExperimentSummary } from '@esy/api-client';

/** One row of the results matrix as the page shows it: a candidate model, or the source run's original attempt. */
export interface MatrixRow {
  key: string;
  label: string;
  baseline: boolean;
  /** Also the model of the source run's original attempt (marked in the table). */
  sameAsBaseline: boolean;
  /** "1 / 2" — passed of finished; the baseline is a single attempt. */
  passed: string;
  /** 0–100, null before any candidate finished. */
  passRate: number | null;
  meanScore: number | null;
  meanCostUsd: string | null;
  meanLatencyMs: number | null;
  /** How many of its figures come from the simulator ("all", "some" or none), said beside the model. */
  simulated: 'all' | 'some' | null;
  /** Best figure of its column among the candidates (highest pass rate / score, lowest cost / latency). */
  best: { passRate: boolean; score: boolean; cost: boolean; latency: boolean };
}

/** Candidates first (in the experiment's order), then the baseline; "best" ignores the baseline and empty cells. */
export function matrixRows(summary: ExperimentSummary): MatrixRow[] {
  const baselineModel = summary.baseline?.model_id ?? null;
  const models = summary.models;
  const pick = (values: Array<number | null>, better: (a: number, b: number) => boolean) => {
    const present = values.filter((value): value is number => value !== null);
    // One candidate, or all alike, is not "best" of anything.
    if (present.length < 2 || present.every((value) => value === present[0])) return null;
    return present.reduce((best, value) => (better(value, best) ? value : best));
  };
  const bestRate = pick(models.map((m) => m.pass_rate), (a, b) => a > b);
  const bestScore = pick(models.map((m) => m.mean_score), (a, b) => a > b);
  const bestCost = pick(models.map((m) => (m.mean_cost_usd === null ? null : Number(m.mean_cost_usd))), (a, b) => a < b);
  const bestLatency = pick(models.map((m) => m.mean_latency_ms), (a, b) => a < b);

  const rows: MatrixRow[] = models.map((m) => ({
    key: m.model_id,
    label: m.model_id,
    baseline: false,
    sameAsBaseline: m.model_id === baselineModel,
    passed: `${m.passed} / ${m.finished}`,
    passRate: m.pass_rate === null ? null : Math.round(m.pass_rate * 100),
    meanScore: m.mean_score,
    meanCostUsd: m.mean_cost_usd,
    meanLatencyMs: m.mean_latency_ms,
    simulated: !m.simulated ? null : m.simulated >= m.candidates ? 'all' : 'some',
    best: {
      passRate: bestRate !== null && m.pass_rate === bestRate,
      score: bestScore !== null && m.mean_score === bestScore,
      cost: bestCost !== null && m.mean_cost_usd !== null && Number(m.mean_cost_usd) === bestCost,
      latency: bestLatency !== null && m.mean_latency_ms === bestLatency,
    },
  }));
  const b = summary.baseline;
  if (b) {
    rows.push({
      key: 'baseline',
      label: `${b.model_id ?? 'unknown model'} (source run, attempt ${b.attempt_number} of ${b.attempts})`,
      baseline: true,
      sameAsBaseline: false,
      passed: b.passed ? '1 / 1' : '0 / 1',
      passRate: b.passed ? 100 : 0,
      meanScore: null,
      meanCostUsd: b.cost_usd,
      meanLatencyMs: b.latency_ms,
      simulated: b.simulated ? 'all' : null,
      best: { passRate: false, score: false, cost: false, latency: false },
    });
  }
  return rows;
}

/** Whether the page should keep polling. */
export function isLive(status: string): boolean {
  return status === 'pending' || status === 'running';
}
