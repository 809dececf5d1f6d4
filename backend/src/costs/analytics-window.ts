const DAY_MS = 86_400_000;

/** UTC midnight of the given instant. */
export function utcDayStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The overview's periods: today, the last 7 days (today included) and this calendar month, all UTC. */
export function overviewPeriods(now: Date): { today: Date; week: Date; month: Date } {
  const today = utcDayStart(now);
  return {
    today,
    week: new Date(today.getTime() - 6 * DAY_MS),
    month: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
  };
}

/** `days` UTC days ending today: first and last day as YYYY-MM-DD. */
export function dayWindow(now: Date, days: number): { from: string; to: string } {
  const today = utcDayStart(now);
  return { from: isoDay(new Date(today.getTime() - (days - 1) * DAY_MS)), to: isoDay(today) };
}

/** A ratio with 4 decimals, or null when there is nothing to divide. */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}
