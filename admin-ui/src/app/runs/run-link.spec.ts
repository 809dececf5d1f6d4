import { attemptNumber, runLinkParams, sectionIndex, viewIndex } from './run-link';

describe('run page links', () => {
  it('reads the address tolerantly: unknown values fall back to the defaults', () => {
    expect(sectionIndex('log')).toBe(4);
    expect(sectionIndex('trace')).toBe(1);
    expect(sectionIndex('nonsense')).toBe(0);
    expect(viewIndex('output')).toBe(2);
    expect(viewIndex(undefined)).toBe(0);
    expect(attemptNumber('2')).toBe(2);
    expect(attemptNumber('0')).toBeNull();
    expect(attemptNumber('two')).toBeNull();
  });

  it('writes only what differs from the defaults', () => {
    expect(runLinkParams({ gate: 'G5', attempt: null, view: 'checks' })).toEqual({ gate: 'G5', attempt: null, view: null });
    expect(runLinkParams({ section: 'cost' })).toEqual({ section: 'cost' });
    expect(runLinkParams({ attempt: 3, view: 'diff' })).toEqual({ attempt: 3, view: 'diff' });
    expect(runLinkParams({ section: 'artifacts', file: 'essay/index.html', version: 9, compare: null })).toEqual({
      section: 'artifacts',
      file: 'essay/index.html',
      version: 9,
      compare: null,
    });
  });
});
