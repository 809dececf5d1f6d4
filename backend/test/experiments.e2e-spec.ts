import { loginAdmin, registerUser, type Session } from './support';
import { createRun, specIdOf, startRunsHarness, waitFor, waitForRun, type RunsHarness } from './runs/support';

/**
 * Model experiments end to end: a source run completes on the fixture content (its G3 fails once, then passes),
 * then G3 is replayed on two models × two repetitions in worker processes, judged by a third model.
 * The simulator fails attempt 1 of G3 (ESY_SIMULATOR_FAIL_GATES=G3=1): a candidate's repetition number is its attempt
 * number, so repetition 1 of every model fails the contract and repetition 2 passes.
 */
describe('Experiments: replay a gate of a completed run on several models', () => {
  let h: RunsHarness;
  let admin: Session;
  let user: Session;
  let specId: string;
  let sourceRunId: string;

  const workspaceOf = async (runId: string) =>
    h.db.query(`SELECT path, sha256 FROM workspace_files WHERE run_id = $1 ORDER BY path`, [runId]);
  const recordsOf = async (runId: string) =>
    (await h.db.query(`SELECT (SELECT count(*) FROM artifacts WHERE run_id = $1)::int AS artifacts, (SELECT count(*) FROM gate_executions WHERE run_id = $1)::int AS attempts`, [runId]))[0];
  const experimentDetail = async (id: string) => (await h.t.http.get(`/api/admin/experiments/${id}`).set(admin.auth).expect(200)).body;
  const start = (body: Record<string, unknown>, session: Session = admin) => h.t.http.post('/api/admin/experiments').set(session.auth).send(body);

  beforeAll(async () => {
    h = await startRunsHarness({ workerEnv: { ESY_SIMULATOR_FAIL_GATES: 'G3=1' } });
    admin = await loginAdmin(h.t.http);
    user = await registerUser(h.t.http);
    specId = await specIdOf(h.t.http, user.auth);
    sourceRunId = (await createRun(h.t.http, user.auth, specId)).id;
    const detail = await waitForRun(h.t.http, user.auth, sourceRunId, ['completed', 'paused', 'failed']);
    expect(detail.run.status).toBe('completed');
  }, 240_000);
  afterAll(() => h?.close(), 60_000);

  it('records every candidate, summarises them per model with the baseline, and leaves the source run untouched', async () => {
    const workspaceBefore = await workspaceOf(sourceRunId);
    const recordsBefore = await recordsOf(sourceRunId);
    const models = ['claude-sonnet-4', 'gpt-4o'];

    const created = await start({ spec_id: specId, gate_id: 'G3', source_run_id: sourceRunId, model_ids: models, repeat: 2, judge_model_id: 'gemini-2.5-flash' }).expect(201);
    const id = created.body.experiment.id;
    expect(created.body.experiment).toMatchObject({ gate_id: 'G3', model_ids: models, repeat: 2, judge_model_id: 'gemini-2.5-flash', progress: { total: 4 } });
    expect(['pending', 'running', 'completed']).toContain(created.body.experiment.status);

    const detail = await waitFor('the experiment to finish', async () => {
      const body = await experimentDetail(id);
      return ['completed', 'failed', 'cancelled'].includes(body.experiment.status) ? body : undefined;
    }, 120_000, 250);
    expect(detail.experiment).toMatchObject({ status: 'completed', progress: { total: 4, done: 4 }, error: null });

    // One result per model × repetition, each validated against the G3 contract.
    expect(detail.results.map((r: any) => [r.model_id, r.repeat_index])).toEqual([['claude-sonnet-4', 1], ['claude-sonnet-4', 2], ['gpt-4o', 1], ['gpt-4o', 2]]);
    for (const result of detail.results) {
      expect(result.simulated).toBe(true);
      expect(result.tokens_in).toBeGreaterThan(0);
      expect(result.tokens_out).toBeGreaterThan(0);
      expect(Number(result.cost_usd)).toBeGreaterThan(0);
      expect(result.duration_ms).toBeGreaterThanOrEqual(0);
      expect(Array.isArray(result.validation_results.results)).toBe(true);
      expect(result.files.map((f: any) => f.path)).toContain('spec/outline.md');
      expect(result.judge_model_id).toBe('gemini-2.5-flash');
      const scores = Object.values(result.rubric_scores) as number[];
      expect(scores).toHaveLength(5);
      if (result.repeat_index === 1) {
        expect(result).toMatchObject({ status: 'failed', passed: false });
        expect(result.fail_codes.length).toBeGreaterThan(0);
        expect(result.validation_results.results.some((row: any) => !row.passed)).toBe(true);
        for (const score of scores) expect(score).toBeLessThanOrEqual(3);
      } else {
        expect(['passed', 'warning']).toContain(result.status);
        expect(result.passed).toBe(true);
        expect(result.fail_codes).toEqual([]);
        for (const score of scores) expect(score).toBeGreaterThanOrEqual(3);
        expect(result.rubric_passed).toBe(true);
      }
      expect(result.rubric_mean).toBeCloseTo(scores.reduce((a, b) => a + b, 0) / 5, 2);
    }

    // The matrix: per model pass rate, mean score, cost and latency; the source run's first G3 attempt as baseline.
    expect(detail.summary.models.map((m: any) => m.model_id)).toEqual(models);
    for (const row of detail.summary.models) {
      const mine = detail.results.filter((r: any) => r.model_id === row.model_id);
      expect(row).toMatchObject({ candidates: 2, finished: 2, passed: 1, pass_rate: 0.5, scored: 2 });
      expect(row.mean_score).toBeCloseTo(mine.reduce((sum: number, r: any) => sum + r.rubric_mean, 0) / 2, 2);
      expect(Number(row.mean_cost_usd)).toBeCloseTo((Number(mine[0].cost_usd) + Number(mine[1].cost_usd)) / 2, 6);
      expect(Math.abs(row.mean_latency_ms - (mine[0].duration_ms + mine[1].duration_ms) / 2)).toBeLessThanOrEqual(0.5); // rounded to the ms
    }
    const sourceG3 = await h.db.query(`SELECT model_id, status, cost_usd, tokens_in, tokens_out, fail_codes FROM gate_executions WHERE run_id = $1 AND gate_id = 'G3' ORDER BY attempt_number`, [sourceRunId]);
    expect(sourceG3.map((a: any) => a.status)).toEqual(['failed', 'passed']);
    // Same inputs, same deterministic simulator: every first repetition replays the source's first attempt token for token.
    for (const first of detail.results.filter((r: any) => r.repeat_index === 1)) {
      expect([first.tokens_in, first.tokens_out, first.fail_codes]).toEqual([sourceG3[0].tokens_in, sourceG3[0].tokens_out, sourceG3[0].fail_codes]);
    }
    expect(detail.summary.baseline).toMatchObject({ model_id: sourceG3[0].model_id, status: 'failed', passed: false, attempt_number: 1, attempts: 2 });
    expect(detail.experiment.baseline_model_id).toBe(sourceG3[0].model_id);

    // Candidates started from the workspace as it was before G3: earlier gates' files listed, later gates' not.
    const [record] = await h.db.query<{ attempt_record: { prompt_packet: unknown; files: Array<{ path: string; content: string }> } }>(`SELECT attempt_record FROM experiment_results WHERE experiment_id = $1 AND repeat_index = 2 LIMIT 1`, [id]);
    const prompt = JSON.stringify(record.attempt_record.prompt_packet);
    expect(prompt).toContain('research/sources.md');
    expect(prompt).not.toContain('audit/citations.md');
    expect(record.attempt_record.files.find((f) => f.path === 'spec/outline.md')!.content.length).toBeGreaterThan(0);

    // The source run is untouched: same files and hashes, no new attempts or artifact versions.
    expect(await workspaceOf(sourceRunId)).toEqual(workspaceBefore);
    expect(await recordsOf(sourceRunId)).toEqual(recordsBefore);

    // Outputs side by side: the source run's first G3 attempt, then every candidate, each with the text it wrote.
    const outputs = (await h.t.http.get(`/api/admin/experiments/${id}/outputs`).set(admin.auth).expect(200)).body;
    expect(outputs.gate_id).toBe('G3');
    expect(outputs.sides.map((side: any) => side.key)).toEqual(['baseline', ...detail.results.map((r: any) => r.id)]);
    expect(outputs.sides[0]).toMatchObject({ baseline: true, model_id: sourceG3[0].model_id, status: 'failed', repeat_index: null, simulated: true });
    const baselineFiles = await h.db.query<{ path: string; content: string }>(
      `SELECT a.file_path AS path, convert_from(a.content, 'UTF8') AS content FROM artifacts a JOIN gate_executions g ON g.id = a.gate_execution_id
        WHERE g.run_id = $1 AND g.gate_id = 'G3' AND g.attempt_number = 1 ORDER BY a.file_path`,
      [sourceRunId],
    );
    expect(outputs.sides[0].files.map((f: any) => [f.path, f.content])).toEqual(baselineFiles.map((f) => [f.path, f.content]));
    detail.results.forEach((result: any, index: number) => {
      const side = outputs.sides[index + 1];
      expect(side).toMatchObject({ baseline: false, model_id: result.model_id, repeat_index: result.repeat_index, status: result.status, simulated: true });
      expect(side.files.map((f: any) => [f.path, f.sha256])).toEqual(result.files.map((f: any) => [f.path, f.sha256]).sort());
      expect(side.files.find((f: any) => f.path === 'spec/outline.md').content.length).toBeGreaterThan(0);
    });
    await h.t.http.get(`/api/admin/experiments/${id}/outputs`).set(user.auth).expect(403);
    await h.t.http.get('/api/admin/experiments/00000000-0000-4000-8000-000000000000/outputs').set(admin.auth).expect(404);

    const list = (await h.t.http.get('/api/admin/experiments').set(admin.auth).expect(200)).body;
    expect(list.experiments.find((e: any) => e.id === id)).toMatchObject({ status: 'completed', progress: { total: 4, done: 4 } });
    await h.t.http.post(`/api/admin/experiments/${id}/cancel`).set(admin.auth).expect(409);
  }, 180_000);

  it('refuses a judge that is one of the judged models, a gate outside the spec and unknown models, naming the field', async () => {
    const base = { spec_id: specId, gate_id: 'G3', source_run_id: sourceRunId, model_ids: ['gpt-4o', 'claude-sonnet-4'], repeat: 1 };
    const judged = await start({ ...base, judge_model_id: 'gpt-4o' }).expect(400);
    expect(judged.body.details).toEqual([expect.objectContaining({ field: 'judge_model_id' })]);
    const gate = await start({ ...base, gate_id: 'G99' }).expect(400);
    expect(gate.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field: 'gate_id' })] });
    const model = await start({ ...base, model_ids: ['gpt-4o', 'no-such-model'] }).expect(400);
    expect(model.body.details).toEqual([expect.objectContaining({ field: 'model_ids[1]' })]);
    const repeat = await start({ ...base, repeat: 11 }).expect(400);
    expect(repeat.body.details.map((d: any) => d.field)).toContain('repeat');
    const otherSpec = await specIdOf(h.t.http, user.auth, 'research-brief');
    const wrongRun = await start({ ...base, spec_id: otherSpec, gate_id: 'G1' }).expect(400);
    expect(wrongRun.body.details).toEqual([expect.objectContaining({ field: 'source_run_id' })]);
    expect((await h.db.query('SELECT count(*)::int AS n FROM experiments WHERE judge_model_id = $1', ['gpt-4o']))[0].n).toBe(0);
  });

  it('is for admins only', async () => {
    const body = { spec_id: specId, gate_id: 'G3', source_run_id: sourceRunId, model_ids: ['gpt-4o'], repeat: 1 };
    await start(body, user).expect(403);
    await h.t.http.get('/api/admin/experiments').set(user.auth).expect(403);
    await h.t.http.post('/api/admin/experiments').send(body).expect(401);
  });

  it('cancels an experiment: nothing is left pending or running and the status stays cancelled', async () => {
    const created = await start({ spec_id: specId, gate_id: 'G3', source_run_id: sourceRunId, model_ids: ['gpt-4o', 'claude-haiku-3.5'], repeat: 10 }).expect(201);
    const id = created.body.experiment.id;
    const cancelled = await h.t.http.post(`/api/admin/experiments/${id}/cancel`).set(admin.auth).expect(200);
    expect(cancelled.body.experiment.status).toBe('cancelled');
    const detail = await waitFor('the cancelled experiment to settle', async () => {
      const body = await experimentDetail(id);
      return body.results.every((r: any) => !['pending', 'running'].includes(r.status)) ? body : undefined;
    }, 60_000, 250);
    expect(detail.experiment.status).toBe('cancelled');
    expect(detail.results.filter((r: any) => r.status === 'error').length).toBeGreaterThan(0);
    await h.t.http.post(`/api/admin/experiments/${id}/cancel`).set(admin.auth).expect(409);
  });
  it('a worker killed mid-experiment loses nothing: another worker takes the experiment over and finishes it', async () => {
    await Promise.all(h.workers.map((worker) => worker.stop()));
    h.workers.length = 0;
    const doomed = await h.startWorker({ ESY_SIMULATOR_LATENCY_MS: '300' });
    const created = await start({ spec_id: specId, gate_id: 'G3', source_run_id: sourceRunId, model_ids: ['gpt-4o', 'claude-sonnet-4'], repeat: 3 }).expect(201);
    const id = created.body.experiment.id;
    await waitFor('a first candidate to finish', async () => (await experimentDetail(id)).results.some((r: any) => !['pending', 'running'].includes(r.status)), 60_000, 100);
    await doomed.kill();
    await h.startWorker();
    // Bull hands the job on once the dead worker's lock lapses (about 30 s).
    const detail = await waitFor('the experiment to finish on the new worker', async () => {
      const body = await experimentDetail(id);
      return ['completed', 'failed', 'cancelled'].includes(body.experiment.status) ? body : undefined;
    }, 150_000, 500);
    expect(detail.experiment).toMatchObject({ status: 'completed', progress: { total: 6, done: 6 } });
    expect(detail.results.map((r: any) => `${r.model_id}#${r.repeat_index}:${r.status === 'error' ? 'error' : 'done'}`).sort()).toEqual(
      ['claude-sonnet-4#1', 'claude-sonnet-4#2', 'claude-sonnet-4#3', 'gpt-4o#1', 'gpt-4o#2', 'gpt-4o#3'].map((key) => `${key}:done`),
    );
  }, 240_000);
});
