import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { loginAdmin, registerUser, type Session } from '../support';
import { createRun, ESSAY_INTENT, specIdOf, SseClient, startRunsHarness, waitForRun, type RunsHarness } from './support';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** supertest parser keeping the body as bytes (zip, downloads). */
function binary(response: any, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
}

/**
 * A whole run through the HTTP API with the simulator, gates executed by a separate worker process:
 * the user's view (detail, events, artifacts, package) and the operator's (run record, export).
 */
describe('Runs: a full run through the API', () => {
  let h: RunsHarness;
  let owner: Session;
  let admin: Session;
  let specId: string;
  let runId: string;
  let detail: any;
  const stream: { client?: SseClient } = {};

  beforeAll(async () => {
    h = await startRunsHarness();
    owner = await registerUser(h.t.http);
    admin = await loginAdmin(h.t.http);
    specId = await specIdOf(h.t.http, owner.auth);
  }, 180_000);
  afterAll(() => h?.close(), 60_000);

  it('answers 201 at once with the run and its pending gates, then runs every gate to passed', async () => {
    const created = await createRun(h.t.http, owner.auth, specId);
    runId = created.id;
    expect(created.body.run).toMatchObject({ total_gates: 5, project_slug: expect.stringMatching(/^serendipity-/) });
    expect(['pending', 'running']).toContain(created.body.run.status);
    expect(created.body.run.gates.map((g: any) => g.gate_id)).toEqual(['G1', 'G2', 'G3', 'G5', 'G6']);
    // The spec's qa_config allows two attempts per gate, shown before a gate has run too.
    expect(created.body.run.gates.map((g: any) => g.max_attempts)).toEqual([2, 2, 2, 2, 2]);

    // Follow it live from the start with a stream token, as a browser's EventSource would.
    const { body: token } = await h.t.http.post(`/api/runs/${runId}/stream-token`).set(owner.auth).expect(201);
    stream.client = await SseClient.open(`${h.baseUrl}${token.stream_url}`);
    expect(stream.client.status).toBe(200);

    detail = await waitForRun(h.t.http, owner.auth, runId, ['completed', 'paused', 'failed']);
    expect(detail.run).toMatchObject({ status: 'completed', passed_gates: 5, failed_gates: 0, simulated: true, pause_reason: null });
    expect(detail.run.tokens_in).toBeGreaterThan(0);
    expect(Number(detail.run.total_cost_usd)).toBeGreaterThan(0);
    for (const gate of detail.gates) {
      expect({ gate: gate.gate_id, status: gate.status }).toEqual({ gate: gate.gate_id, status: 'passed' });
      expect(gate.validation_summary.total).toBeGreaterThan(0);
      expect(gate.validation_summary.failed).toBe(0);
    }
    const running = await h.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM gate_executions WHERE run_id = $1 AND status <> 'passed'`, [runId]);
    expect(running[0].n).toBe(0);
  });

  it('streamed every event in order, one gate after the other, and closed after run_completed', async () => {
    await stream.client!.finished();
    const events = stream.client!.events;
    const ids = events.map((e) => e.id!);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
    const { body } = await h.t.http.get(`/api/runs/${runId}`).set(owner.auth).expect(200);
    expect(ids[ids.length - 1]).toBe(body.last_event_id);
    const lifecycle = events.filter((e) => e.event.startsWith('gate_') || e.event.startsWith('run_')).map((e) => `${e.event}${e.data.payload.gate_id ? `:${e.data.payload.gate_id}` : ''}`);
    expect(lifecycle).toEqual([
      'run_started',
      ...['G1', 'G2', 'G3', 'G5', 'G6'].flatMap((gate) => [`gate_started:${gate}`, `gate_passed:${gate}`]),
      'run_completed',
    ]);
    // A user never receives the administrators' live model output.
    expect(events.some((e) => e.event === 'gate_output')).toBe(false);
  });

  it('lists artifacts with their sha256, serves content and safe downloads', async () => {
    const { body } = await h.t.http.get(`/api/runs/${runId}/artifacts`).set(owner.auth).expect(200);
    const paths = body.artifacts.map((a: any) => a.file_path);
    expect(paths).toEqual(expect.arrayContaining(['intake/brief.md', 'research/sources.md', 'spec/outline.md', 'audit/citations.md']));
    for (const artifact of body.artifacts) {
      const { body: full } = await h.t.http.get(`/api/artifacts/${artifact.id}`).set(owner.auth).expect(200);
      expect(full.content_hash).toBe(sha256(full.content));
      expect(full.size_bytes).toBe(Buffer.byteLength(full.content));
    }
    const essay = body.artifacts.find((a: any) => a.file_path.endsWith('.html'));
    const download = await h.t.http.get(`/api/artifacts/${essay.id}/download`).set(owner.auth).buffer(true).parse(binary).expect(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="[^"/\\]+\.html"/);
    expect(download.headers['content-security-policy']).toMatch(/sandbox/);
    expect(sha256(download.body)).toBe(essay.content_hash);
  });

  it('delivers the package as a zip whose manifest hashes match every file', async () => {
    const response = await h.t.http.get(`/api/runs/${runId}/package`).set(owner.auth).buffer(true).parse(binary).expect(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename=".+\.zip"/);
    const zip = await JSZip.loadAsync(response.body);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
    expect(manifest.run).toMatchObject({ id: runId, status: 'completed', simulated: true });
    const names = Object.keys(zip.files).filter((name) => !zip.files[name].dir && name !== 'manifest.json');
    expect(manifest.files.map((f: any) => f.path).sort()).toEqual(names.sort());
    for (const entry of manifest.files) {
      const bytes = await zip.file(entry.path)!.async('nodebuffer');
      expect({ path: entry.path, sha256: sha256(bytes), size: bytes.length }).toEqual({ path: entry.path, sha256: entry.sha256, size: entry.size_bytes });
    }
    expect(names.some((name) => /^deliverable\/.+\.html$/.test(name))).toBe(true);
    expect(names.some((name) => /^deliverable\/.+\.md$/.test(name))).toBe(true);
    // The package says, in the manifest and in plain words, whether every step passed on its own and what was simulated.
    expect(manifest.verification).toEqual({ outcome: 'verified', overrides: [] });
    expect(manifest.integrity_sweep).toMatchObject({ outcome: 'intact' });
    expect(manifest.attempts).toHaveLength(5);
    for (const attempt of manifest.attempts) expect(attempt).toMatchObject({ status: 'passed', decision: 'passed', simulated: true });
    const readme = await zip.file('README.md')!.async('string');
    expect(readme).toContain('**Verified.** Every step of the workflow passed its checks on its own');
    expect(readme).toContain('**Simulated.** Every step was written by the built-in simulator');
    const { body: artifacts } = await h.t.http.get(`/api/runs/${runId}/artifacts`).set(owner.auth).expect(200);
    for (const artifact of artifacts.artifacts) {
      expect(manifest.files.find((f: any) => f.path === artifact.file_path)?.sha256).toBe(artifact.content_hash);
    }
  });

  it('gives the operator every prompt packet, raw output, validation result and the cost breakdown', async () => {
    const { body } = await h.t.http.get(`/api/admin/runs/${runId}`).set(admin.auth).expect(200);
    expect(body.attempts).toHaveLength(5);
    for (const attempt of body.attempts) {
      expect(attempt.prompt_packet.agents[0].user).toContain(`Gate ${attempt.gate_id}`);
      expect(attempt.raw_output.agents[0].rounds.length).toBeGreaterThan(0);
      expect(attempt.validation_results.results.length).toBeGreaterThan(0);
      expect(attempt.validation_results.results.every((r: any) => r.passed)).toBe(true);
      expect(attempt).toMatchObject({ status: 'passed', simulated: true, model_id: expect.any(String), attempt_number: 1 });
    }
    const byGate = body.cost_breakdown.by_gate;
    expect(byGate.map((g: any) => g.gate_id)).toEqual(['G1', 'G2', 'G3', 'G5', 'G6']);
    const cents = (values: string[]) => values.reduce((sum, v) => sum + Math.round(Number(v) * 1e6), 0);
    expect(cents(byGate.map((g: any) => g.cost_usd))).toBe(cents([body.run.total_cost_usd]));
    expect(cents(body.cost_breakdown.by_model.map((m: any) => m.cost_usd))).toBe(cents([body.run.total_cost_usd]));
    expect(body.cost_breakdown.by_model.reduce((n: number, m: any) => n + m.tokens_in, 0)).toBe(body.run.tokens_in);
  });

  it('exports the full run record as a JSON attachment with every event and file text', async () => {
    const response = await h.t.http.get(`/api/admin/runs/${runId}/export`).set(admin.auth).expect(200);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="run-serendipity-.+\.json"/);
    const record = JSON.parse(response.text);
    expect(record.run.id).toBe(runId);
    expect(record.attempts).toHaveLength(5);
    expect(record.events.map((e: any) => e.type)).toContain('run_completed');
    for (const artifact of record.artifacts) expect(sha256(artifact.content)).toBe(artifact.content_hash);
  });

  it('works with an API key too, and lists the caller’s runs with filters', async () => {
    const { body: key } = await h.t.http.post('/api/auth/api-keys').set(owner.auth).send({ name: 'integration', scopes: ['read', 'write'] }).expect(201);
    const auth = { Authorization: `Bearer ${key.secret}` };
    const second = await createRun(h.t.http, auth, specId, { ...ESSAY_INTENT, word: 'petrichor' });
    await waitForRun(h.t.http, auth, second.id, ['completed']);
    const { body: list } = await h.t.http.get('/api/runs?status=completed&limit=1&offset=0').set(auth).expect(200);
    expect(list.total).toBe(2);
    expect(list.runs).toHaveLength(1);
    expect(list.runs[0].id).toBe(second.id);
    const outOfRange = await h.t.http.get('/api/runs?limit=101&offset=-1').set(auth).expect(400);
    expect(outOfRange.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['limit', 'offset']);
    const adminPage = await h.t.http.get('/api/admin/runs?limit=201').set(admin.auth).expect(400);
    expect(adminPage.body.details.map((d: { field: string }) => d.field)).toEqual(['limit']);
  });

  it('a budget counts real spend only: a simulated run far over it in simulated spend completes, its simulated spend shown apart', async () => {
    // Budget pauses on real spend are covered with priced attempts in orchestration/test/engine/run-lifecycle.spec.ts.
    // The research brief has no cost profile, so new runs take the platform default budget (read with a 5 s cache).
    await h.db.query(`INSERT INTO settings (key, value) VALUES ('default_budget_usd', '"0.001"') ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`);
    await new Promise((resolve) => setTimeout(resolve, 5200));
    const briefSpec = await specIdOf(h.t.http, owner.auth, 'research-brief');
    const { id } = await createRun(h.t.http, owner.auth, briefSpec, { topic: 'urban heat islands' });
    const detail = await waitForRun(h.t.http, owner.auth, id, ['paused', 'completed']);
    await h.db.query(`DELETE FROM settings WHERE key = 'default_budget_usd'`);
    expect(detail.run).toMatchObject({ status: 'completed', budget_usd: '0.001', simulated: true, real_cost_usd: '0.00' });
    expect(Number(detail.run.simulated_cost_usd)).toBeGreaterThan(0.001);
    expect(detail.run.simulated_cost_usd).toBe(detail.run.total_cost_usd);
  });

  describe('authorization', () => {
    let stranger: Session;
    beforeAll(async () => {
      stranger = await registerUser(h.t.http);
    });

    it('answers 404 to another user for the run, its stream, artifacts and package', async () => {
      const { body } = await h.t.http.get(`/api/runs/${runId}/artifacts`).set(owner.auth).expect(200);
      const artifactId = body.artifacts[0].id;
      for (const path of [`/api/runs/${runId}`, `/api/runs/${runId}/artifacts`, `/api/runs/${runId}/package`, `/api/runs/${runId}/stream`, `/api/artifacts/${artifactId}`, `/api/artifacts/${artifactId}/download`]) {
        const response = await h.t.http.get(path).set(stranger.auth);
        expect({ path, status: response.status }).toEqual({ path, status: 404 });
      }
      await h.t.http.post(`/api/runs/${runId}/stream-token`).set(stranger.auth).expect(404);
      const { body: list } = await h.t.http.get('/api/runs').set(stranger.auth).expect(200);
      expect(list.total).toBe(0);
    });

    it('refuses a stream token for another run', async () => {
      const other = await createRun(h.t.http, stranger.auth, specId, { ...ESSAY_INTENT, word: 'ineffable' });
      const { body: token } = await h.t.http.post(`/api/runs/${other.id}/stream-token`).set(stranger.auth).expect(201);
      await h.t.http.get(`/api/runs/${runId}/stream?token=${encodeURIComponent(token.token)}`).expect(401);
      await waitForRun(h.t.http, stranger.auth, other.id, ['completed']);
    });

    it('answers 403 to a user on every admin run route', async () => {
      const routes: Array<[string, string, object?]> = [
        ['get', '/api/admin/runs'],
        ['get', `/api/admin/runs/${runId}`],
        ['get', `/api/admin/runs/${runId}/export`],
        ['get', `/api/admin/runs/${runId}/gates/G1/diff?from=1&to=1`],
        ['post', `/api/admin/runs/${runId}/gates/G1/rerun`, {}],
        ['post', `/api/admin/runs/${runId}/gates/G1/skip`, { reason: 'x' }],
        ['post', `/api/admin/runs/${runId}/gates/G1/approve`, { reason: 'x' }],
        ['post', `/api/admin/runs/${runId}/cancel`, {}],
        ['post', `/api/admin/runs/${runId}/resume`, {}],
        ['post', '/api/admin/runs/bulk/cancel', { run_ids: [runId] }],
        ['post', '/api/admin/runs/bulk/rerun-failed', { run_ids: [runId] }],
        ['get', '/api/admin/events'],
        ['post', '/api/admin/events/stream-token', {}],
      ];
      const actionsBefore = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM operator_actions');
      for (const [method, path, body] of routes) {
        const request = (h.t.http as any)[method](path).set(owner.auth);
        const response = body ? await request.send(body) : await request;
        expect({ path, status: response.status }).toEqual({ path, status: 403 });
      }
      const actions = await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM operator_actions');
      expect(actions).toEqual(actionsBefore); // nothing was done
    });
  });

  describe('bad intents', () => {
    it('answers 400 with one message per bad field and creates nothing', async () => {
      const before = await h.db.query<{ runs: number; gates: number }>('SELECT (SELECT count(*)::int FROM runs) AS runs, (SELECT count(*)::int FROM gate_executions) AS gates');
      const response = await h.t.http
        .post('/api/runs')
        .set(owner.auth)
        .send({ spec_id: specId, intent: { word: '../../etc/passwd', angle: 'gossip', audience: 42, unknown_field: 'x' } })
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      const fields = response.body.details.map((d: any) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['intent.word', 'intent.angle', 'intent.audience']));
      expect(new Set(fields).size).toBe(fields.length);
      for (const detail of response.body.details) expect(detail.message).toEqual(expect.any(String));

      const missing = await h.t.http.post('/api/runs').set(owner.auth).send({ spec_id: specId, intent: {} }).expect(400);
      expect(missing.body.details.map((d: any) => d.field)).toContain('intent.word');
      const noSpec = await h.t.http.post('/api/runs').set(owner.auth).send({ intent: ESSAY_INTENT }).expect(400);
      expect(noSpec.body.details.map((d: any) => d.field)).toContain('spec_id');
      await h.t.http.post('/api/runs').set(owner.auth).send({ spec_id: specId, intent: ESSAY_INTENT, extra: 1 }).expect(400);
      await h.t.http.post('/api/runs').set(owner.auth).send({ spec_id: '00000000-0000-4000-8000-000000000000', intent: ESSAY_INTENT }).expect(404);

      const after = await h.db.query<{ runs: number; gates: number }>('SELECT (SELECT count(*)::int FROM runs) AS runs, (SELECT count(*)::int FROM gate_executions) AS gates');
      expect(after).toEqual(before);
    });
  });
});
