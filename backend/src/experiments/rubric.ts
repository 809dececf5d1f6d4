/**
 * The LLM-judge rubric of SPEC section 11: five criteria scored 1–5; the rubric passes when the mean is at least 3
 * and no criterion is below 2.
 */
export const RUBRIC_CRITERIA = ['completeness', 'accuracy', 'structure', 'quality', 'coherence'] as const;
export type RubricCriterion = (typeof RUBRIC_CRITERIA)[number];
export type RubricScores = Record<RubricCriterion, number>;

/** Characters of candidate files shown to the judge (the rest is cut with a note). */
const MAX_FILE_CHARS = 60_000;

export function rubricMean(scores: RubricScores): number {
  return RUBRIC_CRITERIA.reduce((sum, criterion) => sum + scores[criterion], 0) / RUBRIC_CRITERIA.length;
}

export function rubricPassed(scores: RubricScores): boolean {
  return rubricMean(scores) >= 3 && RUBRIC_CRITERIA.every((criterion) => scores[criterion] >= 2);
}

export interface RubricSubject {
  gateId: string;
  gateName: string;
  instructions?: string;
  requiredOutputs: string[];
  files: Array<{ path: string; content: string }>;
}

export const RUBRIC_SYSTEM_PROMPT = [
  'You are a strict reviewer of work produced by another AI agent at one gate of a research and writing workflow.',
  `Score the work on each criterion from 1 (poor) to 5 (excellent): ${RUBRIC_CRITERIA.join(', ')}.`,
  'Answer with one JSON object and nothing else, for example:',
  `{${RUBRIC_CRITERIA.map((criterion) => `"${criterion}": 4`).join(', ')}, "rationale": "one or two sentences"}`,
].join('\n');

export function rubricUserPrompt(subject: RubricSubject): string {
  let budget = MAX_FILE_CHARS;
  const files = subject.files.map((file) => {
    const shown = file.content.slice(0, Math.max(0, budget));
    budget -= shown.length;
    const cut = shown.length < file.content.length ? `\n[… ${file.content.length - shown.length} more characters not shown]` : '';
    return `### ${file.path}\n\n${shown}${cut}`;
  });
  return [
    `## Gate ${subject.gateId} — ${subject.gateName}`,
    subject.instructions ? `\n## Instructions the agent had\n\n${subject.instructions}` : '',
    `\n## Required outputs\n\n${subject.requiredOutputs.map((path) => `- ${path}`).join('\n') || '(none listed)'}`,
    `\n## Files the agent wrote\n\n${files.join('\n\n') || '(no files)'}`,
  ].join('\n');
}

/** The scores from a judge's answer (the first JSON object in it); null when any criterion is missing or out of range. */
export function parseRubricAnswer(text: string): { scores: RubricScores; rationale: string | null } | null {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(start, end + 1));
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const record = parsed as Record<string, unknown>;
  const scores = {} as RubricScores;
  for (const criterion of RUBRIC_CRITERIA) {
    const value = Number(record[criterion]);
    if (!Number.isInteger(value) || value < 1 || value > 5) return null;
    scores[criterion] = value;
  }
  return { scores, rationale: typeof record.rationale === 'string' ? record.rationale.slice(0, 2000) : null };
}
