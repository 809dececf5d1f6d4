import type { AdminRun } from '@esy/api-client';
import { toCsv, type CsvColumn } from '../data/csv';

const COLUMNS: readonly CsvColumn<AdminRun>[] = [
  { header: 'run_id', value: (r) => r.id },
  { header: 'name', value: (r) => r.display_name },
  { header: 'project_slug', value: (r) => r.project_slug },
  { header: 'template', value: (r) => r.template.slug },
  { header: 'user', value: (r) => r.user.email },
  { header: 'status', value: (r) => r.status },
  { header: 'current_gate', value: (r) => r.current_gate },
  { header: 'passed_gates', value: (r) => r.passed_gates },
  { header: 'failed_gates', value: (r) => r.failed_gates },
  { header: 'total_gates', value: (r) => r.total_gates },
  { header: 'tokens_in', value: (r) => r.tokens_in },
  { header: 'tokens_out', value: (r) => r.tokens_out },
  { header: 'cost_usd', value: (r) => r.real_cost_usd },
  { header: 'simulated_cost_usd', value: (r) => r.simulated_cost_usd },
  { header: 'simulated', value: (r) => r.simulated },
  { header: 'pause_reason', value: (r) => r.pause_reason },
  { header: 'created_at', value: (r) => r.created_at },
  { header: 'completed_at', value: (r) => r.completed_at },
];

/** The inspector's rows as CSV, one line per run, costs as the API's exact decimals. */
export function runsToCsv(runs: readonly AdminRun[]): string {
  return toCsv(runs, COLUMNS);
}
