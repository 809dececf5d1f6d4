import { stepTitle } from '../runs/plain-words';
import { groupByPhase } from './phase-outline';

/** The visual-essay pipeline as users see it: phase groups and step names, in order. */
const ESSAY: [string, string, string][] = [
  ['G1', 'Intake Approval', 'intake'],
  ['G2', 'Research Complete', 'research'],
  ['G3', 'Spec Approval', 'spec'],
  ['G4', 'Design Research', 'design'],
  ['G4.1', 'Design Research Reconciliation', 'design'],
  ['G5', 'Content Complete', 'production'],
  ['G5.4', 'Visualization Ambition Audit', 'audit'],
  ['G5.3', 'Diagram-Code Reconciliation', 'audit'],
  ['G5.5', 'Bibliography Implementation', 'production'],
  ['G6', 'Citation Audit', 'audit'],
  ['G7', 'Scroll Certification', 'audit'],
  ['G8', 'Publication Certification', 'publication'],
  ['G9', 'Publication Approval', 'publication'],
];

const steps = ESSAY.map(([gateId, name, phase]) => ({ gateId, name, phase, estimateS: 30, conditional: false }));

describe('how a workflow reads to a user', () => {
  it('never repeats a phase title when a phase comes back later in the pipeline', () => {
    const titles = groupByPhase(steps).map((group) => group.title);
    expect(new Set(titles).size).toBe(titles.length);
    expect(titles).toEqual(['Understanding your brief', 'Researching', 'Planning', 'Designing', 'Writing', 'Quality checks', 'Finishing touches', 'Final checks', 'Final review']);
  });

  it('gives every built-in step its own plain name, free of engine words', () => {
    const names = steps.map((step) => stepTitle(step.name));
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).not.toMatch(/reconciliation|certification|approval|complete|audit/i);
    expect(stepTitle('Publication Certification')).toBe('Publication check');
    expect(stepTitle('Publication Approval')).toBe('Sign-off');
  });

  it("keeps a spec author's own names, minus bookkeeping suffixes", () => {
    expect(stepTitle('Market Scan Complete')).toBe('Market Scan');
    expect(stepTitle('Legal Audit')).toBe('Legal check');
  });
});
