import type { AdminRun } from '@esy/api-client';

export interface RunStats {
  completedToday: number;
  failedToday: number;
  startedToday: number;
  costToday: number;
  costWeek: number;
  costMonth: number;
}

/** Local midnight, the start of the ISO week (Monday) and the first of the month, for a given moment. */
export function periodStarts(now: Date): { day: Date; week: Date; month: Date } {
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const week = new Date(day);
  week.setDate(day.getDate() - ((day.getDay() + 6) % 7));
  const month = new Date(now.getFullYear(), now.getMonth(), 1);
  return { day, week, month };
}

/**
 * Today's outcomes and spend from the runs created this month (or this week, when the week began last month). A run's
 * cost counts in the period it was created in; outcomes count by when the run finished.
 */
export function summariseRuns(runs: readonly AdminRun[], now: Date): RunStats {
  const { day, week, month } = periodStarts(now);
  const stats: RunStats = { completedToday: 0, failedToday: 0, startedToday: 0, costToday: 0, costWeek: 0, costMonth: 0 };
  for (const run of runs) {
    const created = new Date(run.created_at);
    // Real spend only: simulated calls are never counted as spend (the analytics API reports them apart).
    const cost = Number(run.real_cost_usd ?? run.total_cost_usd) || 0;
    if (created >= day) {
      stats.costToday += cost;
      stats.startedToday++;
    }
    if (created >= week) stats.costWeek += cost;
    if (created >= month) stats.costMonth += cost;
    const finished = run.completed_at ? new Date(run.completed_at) : new Date(run.updated_at);
    if (finished >= day && run.status === 'completed') stats.completedToday++;
    if (finished >= day && run.status === 'failed') stats.failedToday++;
  }
  return stats;
}
