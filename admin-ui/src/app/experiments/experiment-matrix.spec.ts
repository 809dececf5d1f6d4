import type { ExperimentModelSummary, ExperimentSummary } from '@esy/api-client';
import { isLive, matrixRows } from './experiment-matrix';

const model = (over: Partial<ExperimentModelSummary>): ExperimentModelSummary => ({
  model_id: 'm',
  candidates: 2,
  finished: 2,
  passed: 1,
  pass_rate: 0.5,
  scored: 2,
  rubric_passed: 1,
  rubric_pass_rate: 0.5,
  mean_score: 3,
  mean_cost_usd: '0.010000',
  mean_latency_ms: 100,
  mean_tokens_in: 10,
  mean_tokens_out: 10,
  simulated: 0,
  ...over,
});

const summary = (models: ExperimentModelSummary[], baseline: ExperimentSummary['baseline'] = null): ExperimentSummary => ({ gate_id: 'G3', models, baseline, total: 4, done: 4 });

describe('experiment matrix rows', () => {
  it('says when a side was simulated: every candidate, some of them, or the source run', () => {
    const rows = matrixRows(
      summary(
        [model({ model_id: 'gpt-4o', simulated: 2 }), model({ model_id: 'o3', simulated: 1 }), model({ model_id: 'claude-haiku-3.5' })],
        { simulated: true, model_id: 'claude-sonnet-4', status: 'passed', passed: true, attempt_number: 1, attempts: 1, tokens_in: 1, tokens_out: 1, cost_usd: '0.001', latency_ms: 10, fail_codes: [] },
      ),
    );
    expect(rows.map((r) => [r.key, r.simulated])).toEqual([['gpt-4o', 'all'], ['o3', 'some'], ['claude-haiku-3.5', null], ['baseline', 'all']]);
  });

  it('marks the best candidate per column (higher pass rate and score, lower cost and latency) and puts the baseline last', () => {
    const rows = matrixRows(
      summary(
        [
          model({ model_id: 'gpt-4o', pass_rate: 1, passed: 2, mean_score: 3.2, mean_cost_usd: '0.020000', mean_latency_ms: 90 }),
          model({ model_id: 'claude-sonnet-4', pass_rate: 0.5, mean_score: 4.1, mean_cost_usd: '0.005000', mean_latency_ms: 120 }),
        ],
        { simulated: false, model_id: 'claude-sonnet-4', status: 'failed', passed: false, attempt_number: 1, attempts: 2, tokens_in: 1, tokens_out: 1, cost_usd: '0.001', latency_ms: 10, fail_codes: ['MISSING_ARTIFACT'] },
      ),
    );
    expect(rows.map((r) => [r.key, r.baseline])).toEqual([['gpt-4o', false], ['claude-sonnet-4', false], ['baseline', true]]);
    expect(rows[0].best).toEqual({ passRate: true, score: false, cost: false, latency: true });
    expect(rows[1].best).toEqual({ passRate: false, score: true, cost: true, latency: false });
    expect(rows[0]).toMatchObject({ passRate: 100, passed: '2 / 2' });
    expect(rows[1].sameAsBaseline).toBe(true);
    // The baseline is never "best", even when it is cheaper and faster than every candidate.
    expect(rows[2]).toMatchObject({ passRate: 0, passed: '0 / 1', label: 'claude-sonnet-4 (source run, attempt 1 of 2)', best: { passRate: false, score: false, cost: false, latency: false } });
  });

  it('marks nothing best with one candidate, when all candidates tie, or before results arrive', () => {
    const tied = matrixRows(summary([model({ model_id: 'a', mean_score: 4 }), model({ model_id: 'b', mean_score: 3 })]));
    expect(tied.map((r) => r.best)).toEqual([
      { passRate: false, score: true, cost: false, latency: false },
      { passRate: false, score: false, cost: false, latency: false },
    ]);
    expect(matrixRows(summary([model({ model_id: 'a' })]))[0].best).toEqual({ passRate: false, score: false, cost: false, latency: false });
    const empty = matrixRows(summary([model({ model_id: 'a', finished: 0, passed: 0, pass_rate: null, mean_score: null, mean_cost_usd: null, mean_latency_ms: null }), model({ model_id: 'b', pass_rate: null, mean_score: null, mean_cost_usd: null, mean_latency_ms: null })]));
    expect(empty.every((r) => !r.best.passRate && !r.best.cost && r.passRate === null)).toBe(true);
  });

  it('polls only while the experiment is pending or running', () => {
    expect(['pending', 'running', 'completed', 'failed', 'cancelled'].map(isLive)).toEqual([true, true, false, false, false]);
  });
});
