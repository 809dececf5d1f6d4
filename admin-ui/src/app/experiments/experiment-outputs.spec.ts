import type { ExperimentOutputFile, ExperimentOutputSide } from '@esy/api-client';
import { defaultPair, pairFiles } from './experiment-outputs';

const side = (key: string, over: Partial<ExperimentOutputSide> = {}): ExperimentOutputSide => ({
  key,
  label: key,
  model_id: 'm',
  repeat_index: 1,
  baseline: false,
  simulated: false,
  status: 'failed',
  files: [],
  ...over,
});
const file = (path: string): ExperimentOutputFile => ({ path, sha256: 'x', size_bytes: 1, content_type: null, content: 'x' });

describe('experiment outputs', () => {
  it('puts the baseline against the first candidate that passed', () => {
    expect(defaultPair([side('c1'), side('c2', { status: 'passed' }), side('baseline', { baseline: true })])).toEqual(['baseline', 'c2']);
  });

  it('without a baseline or a passing candidate, compares the first two sides; one side is nothing to compare', () => {
    expect(defaultPair([side('c1'), side('c2'), side('c3')])).toEqual(['c1', 'c2']);
    expect(defaultPair([side('c1')])).toBeNull();
  });

  it('pairs the files both sides wrote, deliverables first, and names the rest', () => {
    const pairing = pairFiles([file('notes.txt'), file('essay/index.html'), file('spec/outline.md'), file('a-only.md')], [file('spec/outline.md'), file('notes.txt'), file('essay/index.html'), file('b-only.json')]);
    expect(pairing).toEqual({ common: ['essay/index.html', 'spec/outline.md', 'notes.txt'], onlyA: ['a-only.md'], onlyB: ['b-only.json'] });
  });
});
