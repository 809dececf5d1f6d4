import { loginAdmin, registerUser, type Session } from '../support';
import { StreamTokenService } from '../../src/events/stream-token.service';
import { createRun, specIdOf, SseClient, startRunsHarness, waitFor, waitForRun, type RunsHarness, type SseEvent } from './support';

/**
 * Live events cross processes: the worker (another process) appends to run_events and publishes on Redis; this
 * API streams them. A client that drops mid-run and comes back with Last-Event-ID gets every missed event once.
 */
describe('Runs: live event stream across processes', () => {
  let h: RunsHarness;
  let owner: Session;
  let admin: Session;
  let specId: string;

  beforeAll(async () => {
    // Slow enough (several rounds per gate) that the client can disconnect while gates are still running.
    h = await startRunsHarness({ workerEnv: { ESY_SIMULATOR_LATENCY_MS: '120' } });
    owner = await registerUser(h.t.http);
    admin = await loginAdmin(h.t.http);
    specId = await specIdOf(h.t.http, owner.auth);
  }, 180_000);
  afterAll(() => h?.close(), 60_000);

  const storedEvents = async (runId: string) =>
    (await h.db.query<{ id: string; type: string }>('SELECT id, type FROM run_events WHERE run_id = $1 ORDER BY id', [runId])).map((row) => ({ id: Number(row.id), type: row.type }));

  it('replays every missed event exactly once after a reconnect with Last-Event-ID', async () => {
    const { id: runId } = await createRun(h.t.http, owner.auth, specId, { word: 'vellichor', angle: 'etymology', audience: 'general' });
    const first = await SseClient.open(`${h.baseUrl}/api/runs/${runId}/stream`, owner.auth);
    expect(first.status).toBe(200);
    await waitFor('the first gate to pass on the stream', async () => first.events.some((e) => e.event === 'gate_passed'));
    first.close();
    const seen = first.events.filter((e) => e.id !== null);
    const lastSeen = seen[seen.length - 1].id!;

    // While nobody listens, the run moves on.
    await waitFor('more events while disconnected', async () => (await storedEvents(runId)).filter((e) => e.id > lastSeen).length >= 3);
    expect((await storedEvents(runId)).some((e) => e.type === 'run_completed')).toBe(false); // still mid-run

    const second = await SseClient.open(`${h.baseUrl}/api/runs/${runId}/stream`, { ...owner.auth, 'Last-Event-ID': String(lastSeen) });
    await second.finished();
    const all = [...seen, ...second.events.filter((e: SseEvent) => e.id !== null)];
    const stored = await storedEvents(runId);
    expect(stored[stored.length - 1].type).toBe('run_completed');
    // Exactly the stored log, in order, no gaps and no duplicates across the two connections.
    expect(all.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    expect(all.map((e) => e.event)).toEqual(stored.map((e) => e.type));
    expect(second.events[0].id).toBeGreaterThan(lastSeen);
  });

  it('replays from ?last_event_id= with a stream token, and a finished run’s stream ends at once', async () => {
    const { id: runId } = await createRun(h.t.http, owner.auth, specId, { word: 'sonder', angle: 'etymology', audience: 'general' });
    await waitForRun(h.t.http, owner.auth, runId, ['completed']);
    const stored = await storedEvents(runId);
    const { body: token } = await h.t.http.post(`/api/runs/${runId}/stream-token`).set(owner.auth).expect(201);
    const client = await SseClient.open(`${h.baseUrl}${token.stream_url}&last_event_id=${stored[2].id}`);
    await client.finished(10_000);
    expect(client.events.map((e) => e.id)).toEqual(stored.slice(3).map((e) => e.id));
    // Replayed events carry prev_id like live ones, so a client can check it missed nothing.
    expect(client.events.map((e) => e.data.prev_id)).toEqual(stored.slice(2, -1).map((e) => e.id));
    // Reconnecting after the terminal event answers 204: a standard EventSource stops instead of retrying for ever.
    const done = await fetch(`${h.baseUrl}/api/runs/${runId}/stream`, { headers: { ...owner.auth, 'Last-Event-ID': String(stored[stored.length - 1].id) } });
    expect(done.status).toBe(204);
    expect(await done.text()).toBe('');
    // A token is bound to its user and run: tampered tokens are refused.
    await h.t.http.get(`/api/runs/${runId}/stream?token=${encodeURIComponent(token.token)}x`).expect(401);
    await h.t.http.get(`/api/runs/${runId}/stream`).expect(401);
  });

  it('renews an expired stream token for a reconnect with last_event_id; run_completed totals are snake_case', async () => {
    const { id: runId } = await createRun(h.t.http, owner.auth, specId, { word: 'petrichor', angle: 'etymology', audience: 'general' });
    await waitForRun(h.t.http, owner.auth, runId, ['completed']);
    const stored = await storedEvents(runId);
    // A page that held only a stream token, dropped half an hour ago: the old token no longer opens the stream…
    const tokens = new StreamTokenService(h.t.config);
    const stale = tokens.issue(owner.userId, { kind: 'run', runId }, Date.now() - 30 * 60_000).token;
    await h.t.http.get(`/api/runs/${runId}/stream?token=${encodeURIComponent(stale)}`).expect(401);
    // …but it can be traded for a new one, with no session, and the stream resumes after the last event applied.
    const { body: renewed } = await h.t.http.post(`/api/runs/${runId}/stream-token/renew`).send({ token: stale }).expect(201);
    expect(renewed.stream_url).toBe(`/api/runs/${runId}/stream?token=${encodeURIComponent(renewed.token)}`);
    const client = await SseClient.open(`${h.baseUrl}${renewed.stream_url}&last_event_id=${stored[stored.length - 2].id}`);
    await client.finished(10_000);
    expect(client.events.map((e) => e.event)).toEqual(['run_completed']);
    expect(Object.keys(client.events[0].data.payload.totals).sort()).toEqual(
      ['failed_gates', 'passed_gates', 'skipped_gates', 'tokens_in', 'tokens_out', 'total_cost_usd', 'total_gates'],
    );
    expect(client.events[0].data.payload.totals.passed_gates).toBeGreaterThan(0);

    // Too old, another run's token, or a caller who can no longer see the run: refused.
    const ancient = tokens.issue(owner.userId, { kind: 'run', runId }, Date.now() - 2 * 3600_000).token;
    const tooOld = await h.t.http.post(`/api/runs/${runId}/stream-token/renew`).send({ token: ancient }).expect(401);
    expect(tooOld.body.code).toBe('INVALID_STREAM_TOKEN');
    const { id: otherRun } = await createRun(h.t.http, owner.auth, specId, { word: 'sonder', angle: 'etymology', audience: 'general' });
    await h.t.http.post(`/api/runs/${otherRun}/stream-token/renew`).send({ token: renewed.token }).expect(401);
    const stranger = await registerUser(h.t.http);
    const strangers = tokens.issue(stranger.userId, { kind: 'run', runId }).token;
    await h.t.http.post(`/api/runs/${runId}/stream-token/renew`).send({ token: strangers }).expect(404);
    await h.t.http.post(`/api/runs/${runId}/stream-token/renew`).send({ token: 'not a token' }).expect(400);
  });

  it('cancelling a running run stops it across processes: the stream ends with run_cancelled, nothing runs after', async () => {
    const { id: runId } = await createRun(h.t.http, owner.auth, specId, { word: 'defenestration', angle: 'etymology', audience: 'general' });
    const client = await SseClient.open(`${h.baseUrl}/api/runs/${runId}/stream`, owner.auth);
    await waitFor('G2 to start', async () => client.events.some((e) => e.event === 'gate_started' && e.data.payload.gate_id === 'G2'));
    await h.t.http.post(`/api/admin/runs/${runId}/cancel`).set(admin.auth).send({ reason: 'wrong word' }).expect(200);
    await client.finished(15_000);
    expect(client.events[client.events.length - 1].event).toBe('run_cancelled');
    // The worker notices at its next tool round; afterwards nothing is pending or running and no gate follows.
    const attempts = await waitFor('the in-flight attempt to stop', async () => {
      const rows = await h.db.query<{ gate_id: string; status: string }>('SELECT gate_id, status FROM gate_executions WHERE run_id = $1 ORDER BY gate_order, attempt_number', [runId]);
      return rows.every((r) => r.status !== 'running' && r.status !== 'pending') ? rows : undefined;
    });
    expect(attempts.some((a) => ['G3', 'G5', 'G6'].includes(a.gate_id))).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const { body } = await h.t.http.get(`/api/runs/${runId}`).set(owner.auth).expect(200);
    expect(body.run.status).toBe('cancelled');
    expect((await h.db.query<{ n: number }>('SELECT count(*)::int AS n FROM gate_executions WHERE run_id = $1', [runId]))[0].n).toBe(attempts.length);
  });

  it('streams every run to administrators on /api/admin/events, including live model output', async () => {
    const { body: token } = await h.t.http.post('/api/admin/events/stream-token').set(admin.auth).expect(201);
    const feed = await SseClient.open(`${h.baseUrl}${token.stream_url}`);
    expect(feed.status).toBe(200);
    const { id: runId } = await createRun(h.t.http, owner.auth, specId, { word: 'hygge', angle: 'etymology', audience: 'general' });
    await waitFor('run_completed on the admin feed', async () => feed.events.some((e) => e.event === 'run_completed' && e.data.run_id === runId), 60_000);
    feed.close();
    const mine = feed.events.filter((e) => e.data.run_id === runId && e.id !== null);
    const stored = await storedEvents(runId);
    expect(mine.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    // gate_output is live-only (no id) and only on admin streams.
    expect(feed.events.some((e) => e.event === 'gate_output' && e.id === null)).toBe(true);
  });
});
