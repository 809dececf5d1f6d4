import type { GatePassRate } from '../data/admin-api';

export interface MatrixCell {
  rate: number | null;
  attempts: number;
  passed: number;
}

/** One row: a gate of one template (a brief's G1 is not an essay's G1). */
export interface MatrixRow {
  key: string;
  gate: string;
  template: string;
  /** The first row of its template (the table starts a group there). */
  groupStart: boolean;
}

export interface ReliabilityMatrix {
  gates: MatrixRow[];
  models: string[];
  /** cells[row key][model]; absent when that model never ran that gate. */
  cells: Record<string, Record<string, MatrixCell>>;
}

/** Template/gate × model pass rates, grouped by template, gates in order G1, G2, G4.1, G10 within each. */
export function buildMatrix(rows: readonly (GatePassRate & { model_id: string })[]): ReliabilityMatrix {
  const cells: Record<string, Record<string, MatrixCell>> = {};
  const models = new Set<string>();
  const keyed = new Map<string, Omit<MatrixRow, 'groupStart'>>();
  for (const row of rows) {
    models.add(row.model_id);
    const template = row.template_slug ?? row.template_id;
    const key = `${template}/${row.gate_id}`;
    if (!keyed.has(key)) keyed.set(key, { key, gate: row.gate_id, template });
    const byModel = (cells[key] ??= {});
    const cell = (byModel[row.model_id] ??= { rate: null, attempts: 0, passed: 0 });
    cell.attempts += row.attempts;
    cell.passed += row.passed + row.warnings;
    cell.rate = cell.attempts > 0 ? cell.passed / cell.attempts : null;
  }
  const natural = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });
  const sorted = [...keyed.values()].sort((a, b) => natural(a.template, b.template) || natural(a.gate, b.gate));
  const gates = sorted.map((row, i) => ({ ...row, groupStart: i === 0 || sorted[i - 1].template !== row.template }));
  return { gates, models: [...models].sort(), cells };
}

/** Heat-map tone for a pass rate: the colour is backed by the figure in the cell. */
export function rateTone(rate: number | null): 'success' | 'warning' | 'danger' | 'neutral' {
  if (rate === null) return 'neutral';
  return rate >= 0.9 ? 'success' : rate >= 0.6 ? 'warning' : 'danger';
}
