import type { AdminRun } from '@esy/api-client';
import { runsToCsv } from '../runs/runs-csv';
import { csvCell, toCsv } from './csv';

describe('CSV export', () => {
  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-12.5')).toBe('-12.5');
    expect(csvCell(null)).toBe('');
    expect(toCsv([{ a: 1 }], [{ header: 'a', value: (r) => r.a }])).toBe('a\r\n1\r\n');
  });

  it('writes one line per run with exact costs and the owner', () => {
    const run = {
      id: 'r1',
      display_name: 'serendipity, a word',
      project_slug: 'serendipity-r1',
      template: { slug: 'research-brief' },
      user: { email: 'ada@example.com' },
      status: 'paused',
      current_gate: 'G2',
      passed_gates: 1,
      failed_gates: 1,
      total_gates: 3,
      tokens_in: 100,
      tokens_out: 20,
      total_cost_usd: '0.012345',
      real_cost_usd: '0.00',
      simulated_cost_usd: '0.012345',
      simulated: true,
      pause_reason: 'G2 failed 3 of 3 attempts',
      created_at: '2026-11-30T04:00:00.000Z',
      completed_at: null,
    } as unknown as AdminRun;
    const [header, line] = runsToCsv([run]).trim().split('\r\n');
    expect(header.split(',')).toEqual(expect.arrayContaining(['cost_usd', 'simulated_cost_usd']));
    // Real spend and simulated spend in their own columns, never added together.
    expect(line).toBe('r1,"serendipity, a word",serendipity-r1,research-brief,ada@example.com,paused,G2,1,1,3,100,20,0.00,0.012345,true,G2 failed 3 of 3 attempts,2026-11-30T04:00:00.000Z,');
  });
});
