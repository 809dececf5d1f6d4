import { phaseWords } from '../runs/plain-words';
import type { SpecStep } from '../data/view-models';

export interface NumberedStep extends SpecStep {
  /** 1-based position in the whole workflow (numbering runs on across phases). */
  number: number;
}

export interface PhaseGroup {
  phase: string;
  title: string;
  doing: string;
  icon: string;
  steps: NumberedStep[];
  estimateS: number;
}

/** Consecutive steps of the same phase grouped, in pipeline order: how a workflow reads to a user. */
export function groupByPhase(steps: readonly SpecStep[]): PhaseGroup[] {
  const groups: PhaseGroup[] = [];
  const seen = new Map<string, number>();
  for (const [index, spec] of steps.entries()) {
    const step: NumberedStep = { ...spec, number: index + 1 };
    const last = groups.at(-1);
    if (last && last.phase === step.phase) {
      last.steps.push(step);
      last.estimateS += step.estimateS ?? 0;
      continue;
    }
    const occurrence = (seen.get(step.phase) ?? 0) + 1;
    seen.set(step.phase, occurrence);
    const words = phaseWords(step.phase, occurrence);
    groups.push({ phase: step.phase, ...words, steps: [step], estimateS: step.estimateS ?? 0 });
  }
  return groups;
}
