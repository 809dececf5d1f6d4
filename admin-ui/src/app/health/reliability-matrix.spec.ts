import type { GatePassRate } from '../data/admin-api';
import { buildMatrix, rateTone } from './reliability-matrix';

const row = (gate: string, model: string, attempts: number, passed: number, warnings = 0, template = 'essay') =>
  ({ template_id: `id-${template}`, template_slug: template, gate_id: gate, model_id: model, attempts, passed, warnings, failed: attempts - passed - warnings }) as GatePassRate & {
    model_id: string;
  };

describe('reliability matrix', () => {
  it('keeps each template’s gates apart (a brief’s G2 is not an essay’s), counts warnings as passes, orders gates naturally', () => {
    const m = buildMatrix([
      row('G10', 'o3', 2, 2),
      row('G2', 'gpt-4o', 4, 1, 1),
      row('G2', 'gpt-4o', 4, 4),
      row('G4.1', 'o3', 1, 0),
      row('G2', 'gpt-4o', 5, 0, 0, 'brief'),
    ]);
    expect(m.gates.map((g) => [g.template, g.gate, g.groupStart])).toEqual([
      ['brief', 'G2', true],
      ['essay', 'G2', true],
      ['essay', 'G4.1', false],
      ['essay', 'G10', false],
    ]);
    expect(m.models).toEqual(['gpt-4o', 'o3']);
    expect(m.cells['essay/G2']['gpt-4o']).toEqual({ attempts: 8, passed: 6, rate: 0.75 });
    expect(m.cells['brief/G2']['gpt-4o']).toEqual({ attempts: 5, passed: 0, rate: 0 });
    expect(m.cells['essay/G2']['o3']).toBeUndefined();
    expect([rateTone(0.95), rateTone(0.75), rateTone(0), rateTone(null)]).toEqual(['success', 'warning', 'danger', 'neutral']);
  });
});
