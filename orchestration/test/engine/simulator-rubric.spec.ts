import { BUILT_IN_MODELS } from '../../core/models/catalog';
import { SimulatorAdapter, type SimulatorRubricContext } from '../../core/simulator';

const CRITERIA = ['completeness', 'accuracy', 'structure', 'quality', 'coherence'];

async function judge(context: SimulatorRubricContext) {
  const response = await new SimulatorAdapter().complete({
    model: BUILT_IN_MODELS.find((m) => m.id === 'gpt-4o')!,
    system: 'Score the work. Answer with JSON only.',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'files…' }] }],
    tools: [],
    maxOutputTokens: 500,
    gateContext: context,
  });
  return { response, answer: JSON.parse(response.text) as Record<string, unknown> };
}

describe('simulator as a rubric judge', () => {
  it('answers JSON with an integer 1–5 per criterion, the same for the same seed', async () => {
    const first = await judge({ kind: 'rubric_judge', criteria: CRITERIA, seed: 'exp-1|cand-1', candidatePassed: true });
    const again = await judge({ kind: 'rubric_judge', criteria: CRITERIA, seed: 'exp-1|cand-1', candidatePassed: true });
    expect(first.answer).toEqual(again.answer);
    for (const criterion of CRITERIA) expect([3, 4, 5]).toContain(first.answer[criterion]);
    expect(first.response.toolCalls).toEqual([]);
    expect(first.response.simulated).toBe(true);
    expect(first.response.usage.outputTokens).toBeGreaterThan(0);
  });

  it('scores a candidate that failed its contract low (1–3)', async () => {
    const { answer } = await judge({ kind: 'rubric_judge', criteria: CRITERIA, seed: 'exp-1|cand-2', candidatePassed: false });
    for (const criterion of CRITERIA) expect([1, 2, 3]).toContain(answer[criterion]);
  });
});
