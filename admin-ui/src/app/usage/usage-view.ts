import type { UsageDay, UsageRunCounts } from '@esy/api-client';

/** The periods the usage pages offer, in UTC days ending today. */
export const USAGE_PERIODS = [7, 30, 90] as const;
export type UsagePeriod = (typeof USAGE_PERIODS)[number];

/** A `?days=` from the address, or 30 when it is missing or not one of the periods offered. */
export function usagePeriod(value: unknown): UsagePeriod {
  const n = Number(value);
  return (USAGE_PERIODS as readonly number[]).includes(n) ? (n as UsagePeriod) : 30;
}

/** `days` whole UTC days ending today, as the API's `from`/`to` (both inclusive). */
export function periodWindow(days: number, now = new Date()): { from: string; to: string } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: iso(today - (days - 1) * 86_400_000), to: iso(today) };
}

/** "3 completed · 1 paused · 1 failed": the statuses that occurred, in a fixed order. */
export function runBreakdown(runs: UsageRunCounts): string {
  const parts: Array<[number, string]> = [
    [runs.completed, 'completed'],
    [runs.paused, 'paused'],
    [runs.failed, 'failed'],
    [runs.running, 'running'],
    [runs.cancelled, 'cancelled'],
  ];
  return parts.filter(([n]) => n > 0).map(([n, label]) => `${n} ${label}`).join(' · ');
}

export interface SpendBar {
  day: string;
  /** Height of the real-spend bar, 0–100 (% of the busiest day). */
  real: number;
  /** Height of the simulated bar on the same scale. */
  simulated: number;
  label: string;
}

/**
 * One bar pair per day, real and simulated spend on one scale (the larger of the two maxima) so a day of simulated
 * work never looks like real spend. A day with spend too small to see still gets a sliver.
 */
export function spendBars(days: readonly UsageDay[], money: (usd: string) => string): SpendBar[] {
  const max = Math.max(0, ...days.map((d) => Number(d.real_cost_usd)), ...days.map((d) => Number(d.simulated_cost_usd)));
  const height = (value: number) => (max > 0 && value > 0 ? Math.max(2, Math.round((value / max) * 100)) : 0);
  return days.map((d) => ({
    day: d.day,
    real: height(Number(d.real_cost_usd)),
    simulated: height(Number(d.simulated_cost_usd)),
    label: `${d.day}: ${d.runs} run${d.runs === 1 ? '' : 's'}, real spend ${money(d.real_cost_usd)}, simulated ${money(d.simulated_cost_usd)}`,
  }));
}
