import { loginAdmin, registerUser, type Session } from '../support';
import { createRun, specIdOf, startRunsHarness, waitFor, waitForRun, type RunsHarness } from './support';

/**
 * The failure path and every operator action, on a worker whose simulator fails the first two attempts of G3
 * (the fixture allows two attempts per gate, so every run pauses at G3; a third attempt passes).
 */
describe('Runs: failures, pauses and operator actions', () => {
  let h: RunsHarness;
  let owner: Session;
  let admin: Session;
  let specId: string;

  const pausedRun = async (word: string) => {
    const { id } = await createRun(h.t.http, owner.auth, specId, { word, angle: 'etymology', audience: 'general' });
    const detail = await waitForRun(h.t.http, owner.auth, id, ['paused', 'completed', 'failed']);
    expect(detail.run.status).toBe('paused');
    return id;
  };
  const adminDetail = async (runId: string) => (await h.t.http.get(`/api/admin/runs/${runId}`).set(admin.auth).expect(200)).body;
  const action = (runId: string, path: string, body: object = {}) => h.t.http.post(`/api/admin/runs/${runId}${path}`).set(admin.auth).send(body);

  beforeAll(async () => {
    // G7 exists only in the research brief: a failure rate of 1 there fails every attempt, whatever the model.
    h = await startRunsHarness({ workerEnv: { ESY_SIMULATOR_FAIL_GATES: 'G3=2', ESY_SIMULATOR_FAIL_GATE_RATES: 'G7=1' } });
    owner = await registerUser(h.t.http);
    admin = await loginAdmin(h.t.http);
    specId = await specIdOf(h.t.http, owner.auth);
  }, 180_000);
  afterAll(() => h?.close(), 60_000);

  it('retries a failing gate, pauses with a pause_reason, and completes after a rerun on another model', async () => {
    const runId = await pausedRun('serendipity');
    let detail = await adminDetail(runId);
    expect(detail.run.pause_reason).toMatch(/G3 .*failed 2 of 2 attempts/);
    expect(detail.run.current_gate).toBe('G3');
    const g3 = detail.attempts.filter((a: any) => a.gate_id === 'G3');
    expect(g3.map((a: any) => [a.attempt_number, a.status])).toEqual([[1, 'failed'], [2, 'failed']]);
    expect(g3[1].trigger).toBe('retry');
    for (const attempt of g3) {
      expect(attempt.fail_codes.length).toBeGreaterThan(0);
      expect(attempt.validation_results.results.some((r: any) => !r.passed)).toBe(true);
    }
    // Later gates never ran: nothing passes past a failed gate.
    expect(detail.attempts.filter((a: any) => ['G5', 'G6'].includes(a.gate_id))).toHaveLength(0);
    const userView = (await h.t.http.get(`/api/runs/${runId}`).set(owner.auth).expect(200)).body;
    expect(userView.gates.find((g: any) => g.gate_id === 'G3')).toMatchObject({ status: 'failed', attempts: 2 });

    const other = g3[0].model_id === 'gpt-4o' ? 'claude-sonnet-4' : 'gpt-4o';
    await action(runId, '/gates/G3/rerun', { model_id: 'no-such-model' }).expect(400);
    const rerun = await action(runId, '/gates/G3/rerun', { model_id: other, reason: 'try another model' }).expect(200);
    expect(rerun.body.gate.gate_id).toBe('G3');
    detail = (await waitForRun(h.t.http, admin.auth, runId, ['completed', 'paused'])) && (await adminDetail(runId));
    expect(detail.run).toMatchObject({ status: 'completed', pause_reason: null, passed_gates: 5 });
    const third = detail.attempts.find((a: any) => a.gate_id === 'G3' && a.attempt_number === 3);
    expect(third).toMatchObject({ status: 'passed', model_id: other, model_override: other, trigger: 'rerun' });
    expect(detail.operator_actions).toEqual([
      expect.objectContaining({ action: 'rerun', gate_id: 'G3', user_id: admin.userId, user_email: admin.email, reason: 'try another model', details: expect.objectContaining({ model_id: other }) }),
    ]);
    expect(detail.cost_breakdown.by_model.map((m: any) => m.model_id)).toContain(other);
    const g3Cost = detail.cost_breakdown.by_gate.find((g: any) => g.gate_id === 'G3');
    expect(g3Cost.attempts).toBe(3);

    // Per-file diff between the failed first attempt and the passing rerun.
    const { body: diff } = await h.t.http.get(`/api/admin/runs/${runId}/gates/G3/diff?from=1&to=3`).set(admin.auth).expect(200);
    expect(diff).toMatchObject({ run_id: runId, gate_id: 'G3', from: 1, to: 3 });
    expect(diff.files.length).toBeGreaterThan(0);
    const changed = diff.files.filter((f: any) => f.change !== 'unchanged');
    expect(changed.length).toBeGreaterThan(0);
    for (const file of changed) {
      expect(file.to_sha256).not.toBe(file.from_sha256);
      expect(file.diff).toContain(`+++ `);
    }
    await h.t.http.get(`/api/admin/runs/${runId}/gates/G3/diff?from=1&to=9`).set(admin.auth).expect(404);
    await h.t.http.get(`/api/admin/runs/${runId}/gates/G3/diff?from=0&to=x`).set(admin.auth).expect(400);
  });

  it('skips a failed gate only with a reason; the run continues and the skip is recorded', async () => {
    const runId = await pausedRun('petrichor');
    const noReason = await action(runId, '/gates/G3/skip', {}).expect(400);
    expect(noReason.body.details.map((d: any) => d.field)).toContain('reason');
    await action(runId, '/gates/G3/skip', { reason: '   ' }).expect(400);
    await action(runId, '/gates/G9/skip', { reason: 'no such gate' }).expect(404);
    await action(runId, '/gates/G3/skip', { reason: 'The outline is not needed for this essay' }).expect(200);
    await waitForRun(h.t.http, owner.auth, runId, ['completed']);
    const detail = await adminDetail(runId);
    const g3 = detail.gates.find((g: any) => g.gate_id === 'G3');
    expect(g3.status).toBe('skipped');
    expect(detail.run).toMatchObject({ status: 'completed', skipped_gates: 1, passed_gates: 4 });
    const skipped = detail.attempts.find((a: any) => a.gate_id === 'G3' && a.status === 'skipped');
    expect(skipped.status_reason).toContain('The outline is not needed for this essay');
    expect(skipped.fail_codes.length).toBeGreaterThan(0); // the evidence of why it failed is kept
    expect(detail.operator_actions).toEqual([expect.objectContaining({ action: 'skip', gate_id: 'G3', user_id: admin.userId, reason: 'The outline is not needed for this essay' })]);
    // A finished run cannot be skipped again.
    await action(runId, '/gates/G3/skip', { reason: 'again' }).expect(409);
  });

  it('approves a failed gate as passed only with a reason, keeping its evidence', async () => {
    const runId = await pausedRun('hiraeth');
    await action(runId, '/gates/G3/approve', {}).expect(400);
    await action(runId, '/gates/G3/approve', { reason: 'Reviewed by hand: the outline is fine' }).expect(200);
    await waitForRun(h.t.http, owner.auth, runId, ['completed']);
    const detail = await adminDetail(runId);
    const approved = detail.attempts.filter((a: any) => a.gate_id === 'G3');
    expect(approved).toHaveLength(2); // approval adds no attempt: the latest failed one becomes passed
    expect(approved[1]).toMatchObject({ status: 'passed', overridden_by: admin.userId });
    expect(approved[1].fail_codes.length).toBeGreaterThan(0);
    expect(approved[1].status_reason).toContain('Reviewed by hand');
    expect(detail.operator_actions).toEqual([expect.objectContaining({ action: 'approve', gate_id: 'G3', reason: 'Reviewed by hand: the outline is fine' })]);
  });

  it('resumes a paused run (one more attempt for the exhausted gate) and cancels a paused one', async () => {
    const resumed = await pausedRun('sonder');
    await action(resumed, '/resume', { budget_usd: 'lots' }).expect(400);
    await action(resumed, '/resume', { reason: 'one more try' }).expect(200);
    await waitForRun(h.t.http, owner.auth, resumed, ['completed']);
    let detail = await adminDetail(resumed);
    expect(detail.attempts.filter((a: any) => a.gate_id === 'G3').map((a: any) => a.status)).toEqual(['failed', 'failed', 'passed']);
    expect(detail.operator_actions.map((a: any) => a.action)).toEqual(['resume']);
    await action(resumed, '/resume', {}).expect(409);

    const cancelled = await pausedRun('apricity');
    await action(cancelled, '/cancel', { reason: 'the client withdrew' }).expect(200);
    detail = await adminDetail(cancelled);
    expect(detail.run.status).toBe('cancelled');
    expect(detail.operator_actions).toEqual([expect.objectContaining({ action: 'cancel', reason: 'the client withdrew', user_id: admin.userId })]);
    await action(cancelled, '/cancel', {}).expect(409);
    await action(cancelled, '/resume', {}).expect(409);
    // The stream of a cancelled run ends with run_cancelled.
    const events = await h.db.query<{ type: string }>('SELECT type FROM run_events WHERE run_id = $1 ORDER BY id', [cancelled]);
    const types = events.map((e) => e.type);
    expect(types[types.length - 1]).toBe('run_cancelled');
    expect(types).toEqual(expect.arrayContaining(['run_paused', 'operator_action']));
  });

  it('the owner cancels their own run (recorded with who); another user gets 404; a finished run 409', async () => {
    const runId = await pausedRun('hygge');
    const stranger = await registerUser(h.t.http);
    await h.t.http.post(`/api/runs/${runId}/cancel`).set(stranger.auth).send({}).expect(404);
    await h.t.http.post(`/api/runs/${runId}/cancel`).set(owner.auth).send({ reason: null }).expect(400);
    const cancelled = await h.t.http.post(`/api/runs/${runId}/cancel`).set(owner.auth).send({ reason: 'changed my mind' }).expect(200);
    expect(cancelled.body.run).toMatchObject({ id: runId, status: 'cancelled' });
    const detail = await adminDetail(runId);
    expect(detail.operator_actions).toEqual([expect.objectContaining({ action: 'cancel', reason: 'changed my mind', user_id: owner.userId, user_email: owner.email })]);
    const again = await h.t.http.post(`/api/runs/${runId}/cancel`).set(owner.auth).send({}).expect(409);
    expect(again.body.code).toBe('RUN_STATE_CONFLICT');
  });

  it('bulk reruns failed gates and bulk cancels, one result per run', async () => {
    const [a, b] = [await pausedRun('lagom'), await pausedRun('tsundoku')];
    const { body: rerun } = await h.t.http
      .post('/api/admin/runs/bulk/rerun-failed')
      .set(admin.auth)
      .send({ run_ids: [a, b], reason: 'bulk retry' })
      .expect(200);
    expect(rerun).toMatchObject({ succeeded: 2, failed: 0 });
    expect(rerun.results).toEqual(expect.arrayContaining([expect.objectContaining({ run_id: a, ok: true, gate_id: 'G3' }), expect.objectContaining({ run_id: b, ok: true, gate_id: 'G3' })]));
    await waitForRun(h.t.http, owner.auth, a, ['completed']);
    await waitForRun(h.t.http, owner.auth, b, ['completed']);

    const c = await pausedRun('komorebi');
    const missing = '00000000-0000-4000-8000-000000000000';
    const { body: cancel } = await h.t.http.post('/api/admin/runs/bulk/cancel').set(admin.auth).send({ run_ids: [c, a, missing], reason: 'cleanup' }).expect(200);
    expect(cancel).toMatchObject({ succeeded: 1, failed: 2 });
    expect(cancel.results.find((r: any) => r.run_id === c)).toMatchObject({ ok: true });
    expect(cancel.results.find((r: any) => r.run_id === a)).toMatchObject({ ok: false }); // already completed
    expect(cancel.results.find((r: any) => r.run_id === missing)).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect((await adminDetail(c)).run.status).toBe('cancelled');
    const recorded = await h.db.query<{ action: string; run_id: string }>('SELECT action, run_id FROM operator_actions WHERE run_id = ANY($1) ORDER BY created_at', [[a, b, c]]);
    expect(recorded.map((r) => `${r.action}:${r.run_id === c ? 'c' : r.run_id === a ? 'a' : 'b'}`).sort()).toEqual(['cancel:c', 'rerun:a', 'rerun:b']);

    await h.t.http.post('/api/admin/runs/bulk/cancel').set(admin.auth).send({ run_ids: [] }).expect(400);
    await h.t.http.post('/api/admin/runs/bulk/cancel').set(admin.auth).send({ run_ids: ['not-a-uuid'] }).expect(400);
  });

  it('a per-gate failure rate fails that gate on every attempt and model, and pauses the run', async () => {
    const briefSpec = await specIdOf(h.t.http, owner.auth, 'research-brief');
    const { id } = await createRun(h.t.http, owner.auth, briefSpec, { topic: 'tide pools' });
    await waitForRun(h.t.http, owner.auth, id, ['paused', 'completed']);
    let detail = await adminDetail(id);
    expect(detail.run.status).toBe('paused');
    const g7 = () => detail.attempts.filter((a: any) => a.gate_id === 'G7');
    expect(g7().map((a: any) => a.status)).toEqual(['failed', 'failed', 'failed']);
    expect(detail.run.pause_reason).toMatch(/G7 .*failed 3 of 3 attempts/);
    expect(detail.attempts.filter((a: any) => a.gate_id !== 'G7').every((a: any) => a.status === 'passed')).toBe(true);
    await action(id, '/gates/G7/rerun', { model_id: 'gpt-4o' }).expect(200);
    await waitFor('the rerun to fail', async () => {
      detail = await adminDetail(id);
      return g7().length === 4 && detail.run.status === 'paused';
    });
    expect(g7()[3]).toMatchObject({ status: 'failed', model_id: 'gpt-4o' });
  });

  it('lists runs for the operator with filters', async () => {
    const { body: paused } = await h.t.http.get('/api/admin/runs?status=cancelled').set(admin.auth).expect(200);
    expect(paused.total).toBe(2);
    expect(paused.runs.every((r: any) => r.status === 'cancelled' && r.user.id === owner.userId)).toBe(true);
    const { body: byTemplate } = await h.t.http.get(`/api/admin/runs?template_slug=etymology-essay&user_id=${owner.userId}&limit=2`).set(admin.auth).expect(200);
    expect(byTemplate.total).toBe(8); // the research brief run is not counted
    expect(byTemplate.runs).toHaveLength(2);
    await h.t.http.get('/api/admin/runs?status=bogus').set(admin.auth).expect(400);
  });
});
