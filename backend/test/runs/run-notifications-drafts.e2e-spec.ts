import { loginAdmin, registerUser, type Session } from '../support';
import { startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';
import { createRun, specIdOf, SseClient, startRunsHarness, waitFor, waitForRun, type RunsHarness } from './support';

const BRIEF_INTENT = { topic: 'tidal power', audience: 'general' };

/** Three stages (not G2, which this suite's simulator fails); the last runs two agents side by side (parallel_agents). */
const PARALLEL_STAGES = [
  { gate: 'G1', name: 'Intake Approval', phase: 'intake', agent: 'intake-orchestrator', estimates: { input_tokens: 1000, output_tokens: 500 } },
  { gate: 'G3', name: 'Spec Approval', phase: 'spec', agent: 'structure-editor', estimates: { input_tokens: 2000, output_tokens: 1000 } },
  {
    gate: 'G7',
    name: 'Brief Complete',
    phase: 'production',
    parallel_agents: [
      { agent: 'brief-writer', role: 'writer' },
      { agent: 'citation-auditor', role: 'checker' },
    ],
    estimates: { input_tokens: 2000, output_tokens: 1000 },
  },
];
const TOPIC_FIELD = [{ key: 'topic', label: 'Topic', type: 'string', required: true }];

/** The Subject header, its RFC 2047 encoded words (`=?UTF-8?Q?…?=`) decoded. */
function subjectOf(raw: string): string {
  const header = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? '';
  return header
    .replace(/\r?\n[ \t]+/g, ' ')
    .replace(/\?= =\?/g, '?==?')
    .replace(/=\?UTF-8\?Q\?([^?]*)\?=/gi, (_, text: string) =>
      Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    );
}

/**
 * What users are told about their runs outside the run page (the user event stream and run emails, delivered by a
 * real SMTP server), and draft test runs: started from an unpublished draft, shown to administrators with a trace
 * of every agent, model round and tool call, and never to users.
 */
describe('Run notifications and draft test runs', () => {
  let h: RunsHarness;
  let inbox: SmtpInbox;
  let owner: Session;
  let other: Session;
  let admin: Session;

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    // The research brief's G2 fails three times on the simulator, so the user's run pauses there.
    h = await startRunsHarness({ env: { ...inbox.env, PUBLIC_APP_URL: 'https://esy.example' }, workerEnv: { ESY_SIMULATOR_FAIL_GATES: 'G2=3' } });
    owner = await registerUser(h.t.http);
    other = await registerUser(h.t.http);
    admin = await loginAdmin(h.t.http);
  }, 180_000);
  afterAll(async () => {
    await h?.close();
    await inbox?.close();
  }, 60_000);

  it('emails the owner (who asked for it) when a run pauses, and streams the pause to the owner only', async () => {
    const settings = await h.t.http.get('/api/me/notification-settings').set(owner.auth).expect(200);
    expect(settings.body).toEqual({ email_run_updates: false, email_available: true });
    const bad = await h.t.http.put('/api/me/notification-settings').set(owner.auth).send({ email_run_updates: 'yes' }).expect(400);
    expect(bad.body.details[0].field).toBe('email_run_updates');
    await h.t.http.put('/api/me/notification-settings').set(owner.auth).send({ email_run_updates: true }).expect(200);

    const ownerToken = (await h.t.http.post('/api/me/events/stream-token').set(owner.auth).expect(201)).body;
    const otherToken = (await h.t.http.post('/api/me/events/stream-token').set(other.auth).expect(201)).body;
    // A user-events token opens nothing else.
    const runToken = await fetch(`${h.baseUrl}/api/admin/events?token=${encodeURIComponent(ownerToken.token)}`);
    expect(runToken.status).toBe(401);
    const ownerStream = await SseClient.open(`${h.baseUrl}${ownerToken.stream_url}`);
    const otherStream = await SseClient.open(`${h.baseUrl}${otherToken.stream_url}`);
    expect(ownerStream.status).toBe(200);

    const specId = await specIdOf(h.t.http, owner.auth, 'research-brief');
    const run = await createRun(h.t.http, owner.auth, specId, BRIEF_INTENT);
    await waitForRun(h.t.http, owner.auth, run.id, ['paused'], 90_000);

    const mail = await inbox.waitFor(owner.email, 30_000);
    const body = mail.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    expect(subjectOf(mail.raw)).toBe('Paused: tidal power · Research brief');
    expect(body).toContain(`https://esy.example/activity/${run.id}`);
    expect(body).toContain('An administrator can resume it');

    await waitFor('the pause on the owner’s stream', async () => ownerStream.events.some((e) => e.event === 'run_paused' && e.data.run_id === run.id));
    expect(ownerStream.events.every((e) => e.data.run_id === run.id)).toBe(true);
    expect(ownerStream.events.some((e) => e.event === 'gate_output')).toBe(false);
    // The other user heard nothing of it (and got no mail).
    expect(otherStream.events).toEqual([]);
    expect(inbox.mails.filter((m) => m.to.includes(other.email))).toEqual([]);
    // Exactly one mail for the pause.
    expect(inbox.mails.filter((m) => m.to.includes(owner.email))).toHaveLength(1);

    // Reconnecting with Last-Event-ID replays what was missed, still only the owner's.
    const firstId = ownerStream.events[0].id!;
    ownerStream.close();
    otherStream.close();
    const again = (await h.t.http.post('/api/me/events/stream-token').set(owner.auth).expect(201)).body;
    const replay = await SseClient.open(`${h.baseUrl}${again.stream_url}`, { 'Last-Event-ID': String(firstId) });
    await waitFor('the replayed pause', async () => replay.events.some((e) => e.event === 'run_paused'));
    expect(replay.events.every((e) => e.id! > firstId && e.data.run_id === run.id)).toBe(true);
    replay.close();
  }, 180_000);

  it('runs an unpublished draft with parallel agents for the admin only, with a trace of every agent, round and tool call', async () => {
    const slug = `draft-${Date.now().toString(36)}`;
    const template = (await h.t.http.post('/api/admin/templates').set(admin.auth).send({ slug, name: 'Draft brief', type: 'research' }).expect(201)).body;
    const draft = { version: '1.0.0', intent_schema: TOPIC_FIELD, stages: PARALLEL_STAGES };

    // Users cannot start one; the draft is checked like a publish, naming the field.
    await h.t.http.post(`/api/admin/templates/${template.id}/draft-runs`).set(owner.auth).send({ draft, intent: { topic: 'x' } }).expect(403);
    const invalid = await h.t.http
      .post(`/api/admin/templates/${template.id}/draft-runs`)
      .set(admin.auth)
      .send({ draft: { ...draft, stages: [{ ...PARALLEL_STAGES[0], agent: 'ghost-writer' }] }, intent: { topic: 'x' } })
      .expect(400);
    expect(invalid.body.details).toEqual([{ field: 'draft.stages[0].agent', message: expect.stringContaining('ghost-writer') }]);
    const badIntent = await h.t.http.post(`/api/admin/templates/${template.id}/draft-runs`).set(admin.auth).send({ draft, intent: {} }).expect(400);
    expect(badIntent.body.details[0].field).toBe('intent.topic');

    const created = await h.t.http
      .post(`/api/admin/templates/${template.id}/draft-runs`)
      .set(admin.auth)
      .send({ draft, intent: { topic: 'glaciers' } })
      .expect(201);
    const runId = created.body.run_id;
    expect(created.body.admin_path).toBe(`/runs/${runId}`);

    // Nothing was published: the template still has no version, and its run count leaves the test out.
    const after = (await h.t.http.get(`/api/admin/templates/${template.id}`).set(admin.auth).expect(200)).body;
    expect(after).toMatchObject({ spec_count: 0, active_spec_id: null, run_count: 0 });
    expect(after.versions).toEqual([]);

    const detail = await waitFor(
      'the draft run to end',
      async () => {
        const { body } = await h.t.http.get(`/api/admin/runs/${runId}`).set(admin.auth).expect(200);
        return ['completed', 'paused', 'failed'].includes(body.run.status) ? body : undefined;
      },
      120_000,
      250,
    );
    expect(detail.run.draft).toBe(true);
    const listed = (await h.t.http.get('/api/admin/runs').set(admin.auth).query({ template_slug: slug }).expect(200)).body;
    expect(listed.runs.map((r: { id: string; draft: boolean }) => [r.id, r.draft])).toEqual([[runId, true]]);

    // The trace: the parallel gate's attempt has one span per agent, each with timed model rounds and tool calls.
    const spans = detail.trace.spans as Array<Record<string, any>>;
    const g7Attempt = spans.find((s) => s.kind === 'attempt' && s.gate_id === 'G7')!;
    const agents = spans.filter((s) => s.parent_id === g7Attempt.id);
    expect(agents.map((a) => a.label)).toEqual(['brief-writer (writer)', 'citation-auditor (checker)']);
    for (const agent of agents) {
      const rounds = spans.filter((s) => s.parent_id === agent.id && s.kind === 'model_round');
      expect(rounds.length).toBeGreaterThan(0);
      expect(rounds[0]).toMatchObject({ started_at: expect.any(String), duration_ms: expect.any(Number), tokens_in: expect.any(Number), cost_usd: expect.any(String) });
    }
    const tools = spans.filter((s) => s.kind === 'tool_call');
    expect(tools.length).toBeGreaterThan(0);
    expect(tools.every((s) => typeof s.started_at === 'string' && typeof s.duration_ms === 'number')).toBe(true);
    expect(spans.filter((s) => s.kind === 'gate').map((s) => s.gate_id)).toEqual(['G1', 'G3', 'G7']);
    expect(new Date(detail.trace.started_at).getTime()).toBeLessThanOrEqual(new Date(detail.trace.ended_at).getTime());

    // Users never see it: not in anyone's list (the admin's own included), not by id, not on the user feed.
    for (const session of [owner, admin]) {
      const mine = (await h.t.http.get('/api/runs').set(session.auth).expect(200)).body;
      expect(mine.runs.map((r: { id: string }) => r.id)).not.toContain(runId);
    }
    await h.t.http.get(`/api/runs/${runId}`).set(owner.auth).expect(404);
    await h.t.http.post(`/api/runs/${runId}/stream-token`).set(owner.auth).expect(404);
    const catalogue = (await h.t.http.get('/api/specs').set(owner.auth).expect(200)).body;
    expect(JSON.stringify(catalogue)).not.toContain(detail.run.spec_id);
    await h.t.http.get(`/api/specs/${detail.run.spec_id}`).set(owner.auth).expect(404);
    const audit = (await h.t.http.get('/api/admin/audit').set(admin.auth).query({ action: 'template.draft_run_started' }).expect(200)).body;
    expect(JSON.stringify(audit)).toContain(runId);
  }, 240_000);
});
