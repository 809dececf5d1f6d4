import type { AdminRun } from '@esy/api-client';
import { periodStarts, summariseRuns } from './run-stats';

const run = (created: string, status: string, cost: string, completed: string | null = null) =>
  ({ created_at: created, updated_at: completed ?? created, completed_at: completed, status, total_cost_usd: cost }) as unknown as AdminRun;

describe('dashboard figures from runs', () => {
  it('counts today, this week and this month by local calendar', () => {
    const now = new Date(2026, 10, 30, 15, 0); // Monday 30 Nov
    const { week, month } = periodStarts(now);
    expect(week.getDate()).toBe(30);
    expect(month.getDate()).toBe(1);
    const stats = summariseRuns(
      [
        run(new Date(2026, 10, 30, 9).toISOString(), 'completed', '0.50', new Date(2026, 10, 30, 9, 5).toISOString()),
        run(new Date(2026, 10, 30, 10).toISOString(), 'failed', '0.25', new Date(2026, 10, 30, 10, 5).toISOString()),
        run(new Date(2026, 10, 29, 10).toISOString(), 'completed', '1.00', new Date(2026, 10, 30, 0, 30).toISOString()),
        run(new Date(2026, 10, 2, 10).toISOString(), 'completed', '2.00', new Date(2026, 10, 2, 11).toISOString()),
      ],
      now,
    );
    expect(stats).toEqual({ completedToday: 2, failedToday: 1, startedToday: 2, costToday: 0.75, costWeek: 0.75, costMonth: 3.75 });
  });
});
