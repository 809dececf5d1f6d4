import type { GatePassRate } from '../data/admin-api';

export interface MatrixCell {
  rate: number | null;
  attempts: number;
  passed: number;
}

export interface ReliabilityMatrix {
  gates: string[];
  models: string[];
  /** cells[gate][model]; absent when that model never ran that gate. */
  cells: Record<string, Record<string, MatrixCell>>;
}

/** Gate × model pass rates (summed over templates that share a gate id), rows in gate order G1, G2, G4.1, G10. */
export function buildMatrix(rows: readonly (GatePassRate & { model_id: string })[]): ReliabilityMatrix {
  const cells: Record<string, Record<string, MatrixCell>> = {};
  const models = new Set<string>();
  for (const row of rows) {
    models.add(row.model_id);
    const byModel = (cells[row.gate_id] ??= {});
    const cell = (byModel[row.model_id] ??= { rate: null, attempts: 0, passed: 0 });
    cell.attempts += row.attempts;
    cell.passed += row.passed + row.warnings;
    cell.rate = cell.attempts > 0 ? cell.passed / cell.attempts : null;
  }
  const gates = Object.keys(cells).sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return { gates, models: [...models].sort(), cells };
}

/** Heat-map tone for a pass rate: the colour is backed by the figure in the cell. */
export function rateTone(rate: number | null): 'success' | 'warning' | 'danger' | 'neutral' {
  if (rate === null) return 'neutral';
  return rate >= 0.9 ? 'success' : rate >= 0.6 ? 'warning' : 'danger';
}
