import type { UsageDay } from '@esy/api-client';
import { periodWindow, runBreakdown, spendBars, usagePeriod } from './usage-view';

const day = (d: string, real: string, simulated = '0.00', runs = 1): UsageDay => ({ day: d, runs, real_cost_usd: real, simulated_runs: 0, simulated_cost_usd: simulated });

describe('usage view', () => {
  it('reads the period from the address, falling back to 30 days', () => {
    expect(usagePeriod('7')).toBe(7);
    expect(usagePeriod(90)).toBe(90);
    expect(usagePeriod('31')).toBe(30);
    expect(usagePeriod(undefined)).toBe(30);
  });

  it('turns a period into whole UTC days ending today, both ends inclusive', () => {
    expect(periodWindow(7, new Date('2026-12-05T23:30:00Z'))).toEqual({ from: '2026-11-29', to: '2026-12-05' });
    expect(periodWindow(1, new Date('2026-03-01T00:00:00Z'))).toEqual({ from: '2026-03-01', to: '2026-03-01' });
    expect(periodWindow(30, new Date('2026-03-01T12:00:00Z')).from).toBe('2026-01-31');
  });

  it('lists only the statuses that occurred', () => {
    expect(runBreakdown({ total: 5, completed: 3, paused: 1, failed: 1, running: 0, cancelled: 0 })).toBe('3 completed · 1 paused · 1 failed');
    expect(runBreakdown({ total: 0, completed: 0, paused: 0, failed: 0, running: 0, cancelled: 0 })).toBe('');
  });

  it('draws real and simulated spend on one scale, with a sliver for tiny amounts and nothing for none', () => {
    const bars = spendBars([day('2026-12-01', '2.00'), day('2026-12-02', '0.00', '4.00'), day('2026-12-03', '0.001'), day('2026-12-04', '0.00', '0.00', 0)], (v) => `$${v}`);
    expect(bars.map((b) => [b.real, b.simulated])).toEqual([[50, 0], [0, 100], [2, 0], [0, 0]]);
    expect(bars[0].label).toBe('2026-12-01: 1 run, real spend $2.00, simulated $0.00');
    expect(bars[3].label).toContain('0 runs');
  });
});
