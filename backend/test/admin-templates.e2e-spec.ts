import { createHash, randomBytes } from 'node:crypto';
import type { Test } from 'supertest';
import { canonicalJson } from '../src/common/canonical-json';
import { createOrchestrationFixture, loginAdmin, registerUser, startTestApp, type OrchestrationFixture, type Session, type TestApp } from './support';

/** A system prompt long enough for the loader (≥ 200 characters). */
const PROMPT = [
  'You are a careful specialist. Read the brief and every file the previous gates wrote before you start.',
  'Write exactly the files your gate requires, in clear markdown, and cite every source you rely on by number.',
].join('\n');

function agentFile(slug: string, category: string, tier: string, extra: string[] = []): string {
  return ['---', `slug: ${slug}`, `name: ${slug}`, `category: ${category}`, `role: The ${slug} of the tests.`, `tier: ${tier}`, ...extra, '---', PROMPT, ''].join('\n');
}

/** Three stages on three different agents; estimates so the cost profile has something to price. */
function threeStages(overrides: Record<number, Record<string, unknown>> = {}): Record<string, unknown>[] {
  const stages: Record<string, unknown>[] = [
    { gate: 'G1', name: 'Intake', phase: 'intake', agent: 'intake-orchestrator', estimates: { input_tokens: 2000, output_tokens: 1000 } },
    { gate: 'G2', name: 'Research', phase: 'research', agent: 'research-lead', estimates: { input_tokens: 8000, output_tokens: 4000 } },
    { gate: 'G6', name: 'Citation Audit', phase: 'audit', agent: 'citation-auditor', model: 'gpt-4o-mini', estimates: { input_tokens: 4000, output_tokens: 1000 } },
  ];
  return stages.map((stage, index) => ({ ...stage, ...(overrides[index] ?? {}) }));
}

const INTENT_SCHEMA = [
  { key: 'word', label: 'Word', type: 'string', required: true, max_length: 40 },
  { key: 'audience', label: 'Audience', type: 'enum', required: true, options: [{ value: 'general', label: 'General' }, { value: 'expert', label: 'Expert' }] },
];

describe('admin: templates and spec versions', () => {
  let fixture: OrchestrationFixture;
  let t: TestApp;
  let admin: Session;
  let user: Session;
  let templateId: string;
  let v1: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  let v11: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(async () => {
    fixture = createOrchestrationFixture();
    fixture.writeFile('agents/research/research-lead.md', agentFile('research-lead', 'research', 'top', ['model: claude-sonnet-4']));
    fixture.writeFile('agents/auditors/citation-auditor.md', agentFile('citation-auditor', 'auditors', 'mid'));
    fixture.writeFile('gates/contracts/G2.contract.json', JSON.stringify({ gate: 'G2', name: 'Research Complete' }));
    fixture.writeFile(
      'gates/contracts/G6.contract.json',
      JSON.stringify({
        gate: 'G6',
        name: 'Citation Audit',
        required_outputs: { all_of: [{ path: '{artifact_path}/audit/citations.md', description: 'The audit' }] },
        validations: [{ type: 'contains_headings', target: '{artifact_path}/audit/citations.md', severity: 'warning', required_headings: ['Verdict'] }],
      }),
    );
    fixture.writeFile('profiles/research/historical.md', '---\nname: Historical\ndescription: Archives first.\n---\nPrefer primary sources.\n');
    t = await startTestApp({ env: { ORCHESTRATION_DIR: fixture.dir, REDIS_KEY_PREFIX: `t-admin-tpl-${randomBytes(4).toString('hex')}` } });
    admin = await loginAdmin(t.http);
    user = await registerUser(t.http);
  });
  afterAll(async () => {
    await t?.close();
    fixture?.remove();
  });

  const publish = (body: Record<string, unknown>) => t.http.post('/api/admin/specs').set(admin.auth).send(body);
  const specCount = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM specs WHERE template_id = $1', [templateId]))[0].n;

  it('creates a template that users do not see until a version is published', async () => {
    const created = await t.http
      .post('/api/admin/templates')
      .set(admin.auth)
      .send({ slug: 'word-stories', name: 'Word Stories', description: 'Where a word comes from.', type: 'research', tags: ['words'], sort_order: 1 })
      .expect(201);
    templateId = created.body.id;
    expect(created.body).toMatchObject({ slug: 'word-stories', active: true, active_spec_id: null, spec_count: 0, versions: [], active_spec: null, archived_at: null });

    const catalogue = await t.http.get('/api/workflows').set(user.auth).expect(200);
    expect(catalogue.body.workflows.map((w: { slug: string }) => w.slug)).not.toContain('word-stories');
    await t.http.get('/api/workflows/word-stories').set(user.auth).expect(404);
    const again = await t.http.post('/api/admin/templates').set(admin.auth).send({ slug: 'word-stories', name: 'Again', type: 'research' }).expect(409);
    expect(again.body).toMatchObject({ code: 'SLUG_TAKEN', details: [{ field: 'slug', message: expect.any(String) }] });
    const bad = await t.http.post('/api/admin/templates').set(admin.auth).send({ slug: 'Not A Slug', name: 'x', type: 'poem', extra: 1 }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['extra', 'slug', 'type']);
  });

  it('publishes v1.0.0 of a three-stage spec: hashed, priced, active, visible to users', async () => {
    const response = await publish({ template_id: templateId, version: '1.0.0', intent_schema: INTENT_SCHEMA, stages: threeStages(), budget_usd: '2.50' }).expect(201);
    v1 = response.body;
    expect(v1).toMatchObject({ template_id: templateId, version: '1.0.0', active: true, visibility: 'public' });
    expect(v1.stages.map((stage: { gate: string }) => stage.gate)).toEqual(['G1', 'G2', 'G6']);

    const [row] = await t.db.query<{ definition: unknown; version_hash: string; created_by_id: string }>('SELECT definition, version_hash, created_by_id FROM specs WHERE id = $1', [v1.id]);
    expect(row.version_hash).toBe(createHash('sha256').update(canonicalJson(row.definition)).digest('hex'));
    expect(v1.version_hash).toBe(row.version_hash);
    expect(row.created_by_id).toBe(admin.userId);

    // G6 is priced on its stage model (gpt-4o-mini: 4000 × 0.0003 + 1000 × 0.0012 = $0.0024), G2 on the agent's hint.
    expect(v1.cost_profile).toMatchObject({ currency: 'USD', budget_usd: '2.50' });
    const g6 = v1.cost_profile.stages.find((stage: { gate: string }) => stage.gate === 'G6');
    expect(g6).toMatchObject({ model: 'gpt-4o-mini', typical_usd: '0.0024' });
    expect(v1.cost_profile.stages.find((stage: { gate: string }) => stage.gate === 'G2')).toMatchObject({ model: 'claude-sonnet-4', tier: 'top' });
    expect(Number(v1.cost_profile.typical_usd)).toBeGreaterThan(0);

    const listed = await t.http.get('/api/workflows').set(user.auth).expect(200);
    expect(listed.body.workflows.find((w: { slug: string }) => w.slug === 'word-stories')).toMatchObject({ active_spec_version: '1.0.0', step_count: 3 });
  });

  it('refuses a bad stage with a 400 naming the field, and writes nothing', async () => {
    const before = await specCount();
    const badPhase = await publish({ template_id: templateId, version: '1.1.0', stages: threeStages({ 1: { phase: 'brainstorm' } }) }).expect(400);
    expect(badPhase.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(badPhase.body.details).toEqual([{ field: 'stages[1].phase', message: expect.stringContaining('research') }]);

    const unknownAgent = await publish({ template_id: templateId, version: '1.1.0', stages: threeStages({ 2: { agent: 'ghost-writer' } }) }).expect(400);
    expect(unknownAgent.body.details).toEqual([{ field: 'stages[2].agent', message: expect.stringContaining('unknown agent "ghost-writer"') }]);

    const unknownProfile = await publish({ template_id: templateId, version: '1.1.0', stages: threeStages({ 1: { profiles: { general: 'research/nope' } } }) }).expect(400);
    expect(unknownProfile.body.details).toEqual([{ field: 'stages[1].profiles.general', message: expect.stringContaining('unknown profile') }]);

    const several = await publish({
      template_id: templateId,
      version: '1.1.0',
      stages: threeStages({ 0: { agent: undefined }, 2: { model: 'gpt-99', contract: 'G404' } }),
      intent_schema: [{ key: 'Word', label: 'Word', type: 'string' }],
      qa_config: { max_attempts: 50 },
    }).expect(400);
    const fields = several.body.details.map((detail: { field: string }) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['stages[0].agent', 'intent_schema[0].key', 'qa_config.max_attempts']));

    // A spec cannot promise a format that no check guarantees (the template editor shows the same problem).
    const promise = await publish({ template_id: templateId, version: '1.1.0', stages: threeStages(), output_formats: ['zip', 'pdf'] }).expect(400);
    expect(promise.body.details).toEqual([{ field: 'output_formats[1]', message: expect.stringContaining('"pdf" is promised, but no check guarantees it') }]);
    const previewed = await t.http.post('/api/admin/specs/preview').set(admin.auth).send({ template_id: templateId, version: '1.1.0', stages: threeStages(), output_formats: ['pdf'] }).expect(200);
    expect(previewed.body).toMatchObject({ valid: false, issues: [{ field: 'output_formats[0]', message: expect.stringContaining('"pdf" is promised') }] });

    const noStages = await publish({ template_id: templateId, version: '1.1.0', stages: [] }).expect(400);
    expect(noStages.body.details).toEqual([expect.objectContaining({ field: 'stages' })]);
    expect(await specCount()).toBe(before);
  });

  it('only accepts a version higher than every published one', async () => {
    for (const version of ['1.0.0', '0.9.0', '1.0.0-beta.1']) {
      const response = await publish({ template_id: templateId, version, stages: threeStages() }).expect(409);
      expect(response.body).toMatchObject({ code: 'VERSION_NOT_INCREASING', details: [{ field: 'version', message: expect.stringContaining('1.0.0') }] });
    }
    const notSemver = await publish({ template_id: templateId, version: 'v2', stages: threeStages() }).expect(400);
    expect(notSemver.body.details).toEqual([{ field: 'version', message: expect.stringContaining('semantic version') }]);
  });

  it('previews a draft without publishing it', async () => {
    const before = await specCount();
    const ok = await t.http.post('/api/admin/specs/preview').set(admin.auth).send({ template_id: templateId, version: '1.1.0', stages: threeStages() }).expect(200);
    expect(ok.body).toMatchObject({ valid: true, issues: [], version_hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(ok.body.cost_profile.stages).toHaveLength(3);
    const bad = await t.http.post('/api/admin/specs/preview').set(admin.auth).send({ template_id: templateId, version: '1.0.0', stages: threeStages({ 1: { agent: 'nobody' } }) }).expect(200);
    expect(bad.body.valid).toBe(false);
    expect(bad.body.issues.map((issue: { field: string }) => issue.field).sort()).toEqual(['stages[1].agent', 'version']);
    expect(await specCount()).toBe(before);
  });

  it('publishes v1.1.0: history newest first, a diff, and runs start on (and pin) the new version', async () => {
    const stages = threeStages({ 1: { estimates: { input_tokens: 9000, output_tokens: 5000 }, instructions: 'Use at least five sources.' } });
    v11 = (await publish({ template_id: templateId, version: '1.1.0', intent_schema: INTENT_SCHEMA, stages }).expect(201)).body;
    expect(v11).toMatchObject({ version: '1.1.0', active: true });

    const history = await t.http.get(`/api/admin/specs/${v1.id}/versions`).set(admin.auth).expect(200);
    expect(history.body).toMatchObject({ template_id: templateId, template_slug: 'word-stories', total: 2 });
    expect(history.body.versions.map((v: { version: string; active: boolean }) => [v.version, v.active])).toEqual([
      ['1.1.0', true],
      ['1.0.0', false],
    ]);
    const byTemplate = await t.http.get(`/api/admin/specs/${templateId}/versions`).set(admin.auth).expect(200);
    expect(byTemplate.body.versions).toHaveLength(2);

    const diff = await t.http.get('/api/admin/specs/diff').query({ from: v1.id, to: v11.id }).set(admin.auth).expect(200);
    expect(diff.body.stages).toEqual({ added: [], removed: [], changed: ['G2'] });
    expect(diff.body.changed_fields).toEqual(expect.arrayContaining(['gates', 'cost_profile']));
    expect(diff.body.patch).toContain('+      "instructions": "Use at least five sources."');

    // Left out of the draft, max_attempts is not frozen into the version: the platform setting applies.
    const [stored] = await t.db.query<{ definition: { qa_config: Record<string, unknown> } }>('SELECT definition FROM specs WHERE id = $1', [v11.id]);
    expect(stored.definition.qa_config).toEqual({ network_checks: false, blocking_warnings: false });
    await t.http.put('/api/admin/settings').set(admin.auth).send({ max_attempts: 4 }).expect(200);

    const detail = await t.http.get('/api/workflows/word-stories').set(user.auth).expect(200);
    expect(detail.body.active_spec).toMatchObject({ id: v11.id, version: '1.1.0' });
    const run = await t.http.post('/api/runs').set(user.auth).send({ spec_id: v11.id, intent: { word: 'serendipity', audience: 'general' } }).expect(201);
    expect(run.body.run).toMatchObject({ total_gates: 3 });
    const [pinned] = await t.db.query<{ spec_id: string }>('SELECT spec_id FROM runs WHERE id = $1', [run.body.run.id]);
    expect(pinned.spec_id).toBe(v11.id);
    const [attempt] = await t.db.query<{ max_attempts: number }>('SELECT max_attempts FROM gate_executions WHERE run_id = $1', [run.body.run.id]);
    expect(attempt.max_attempts).toBe(4);

    const runCounts = await t.http.get(`/api/admin/specs/${templateId}/versions`).set(admin.auth).expect(200);
    expect(runCounts.body.versions.map((v: { run_count: number }) => v.run_count)).toEqual([1, 0]);
  });

  it('edits catalogue fields and switches the active version back; published versions stay as they were', async () => {
    const updated = await t.http
      .put(`/api/admin/templates/${templateId}`)
      .set(admin.auth)
      .send({ name: 'Word Stories (classic)', active_spec_id: v1.id, featured: true })
      .expect(200);
    expect(updated.body).toMatchObject({ name: 'Word Stories (classic)', featured: true, active_spec_id: v1.id, active_spec_version: '1.0.0', spec_count: 2, latest_version: '1.1.0' });
    expect(updated.body.versions.map((v: { version: string }) => v.version)).toEqual(['1.1.0', '1.0.0']);
    const [row] = await t.db.query<{ version_hash: string }>('SELECT version_hash FROM specs WHERE id = $1', [v1.id]);
    expect(row.version_hash).toBe(v1.version_hash);

    await t.http.put(`/api/admin/templates/${templateId}`).set(admin.auth).send({ slug: 'renamed' }).expect(400);
    const foreign = await t.db.query<{ id: string }>('SELECT id FROM specs WHERE template_id <> $1 LIMIT 1', [templateId]);
    const wrong = await t.http.put(`/api/admin/templates/${templateId}`).set(admin.auth).send({ active_spec_id: foreign[0].id }).expect(400);
    expect(wrong.body.details).toEqual([{ field: 'active_spec_id', message: expect.any(String) }]);
    await t.http.put(`/api/admin/templates/${templateId}`).set(admin.auth).send({ active_spec_id: v11.id }).expect(200);
  });

  it('duplicates a template as an inactive copy with its active version as 1.0.0', async () => {
    const copy = await t.http.post(`/api/admin/templates/${templateId}/duplicate`).set(admin.auth).send({ slug: 'word-stories-copy' }).expect(201);
    expect(copy.body).toMatchObject({ slug: 'word-stories-copy', name: 'Word Stories (classic) (copy)', active: false, spec_count: 1, active_spec_version: '1.0.0' });
    expect(copy.body.active_spec.stages).toEqual(v11.stages);
    expect(copy.body.active_spec.version_hash).not.toBe(v11.version_hash);
    await t.http.get('/api/workflows/word-stories-copy').set(user.auth).expect(404);
    await t.http.post(`/api/admin/templates/${templateId}/duplicate`).set(admin.auth).send({ slug: 'word-stories-copy' }).expect(409);
  });

  it('archiving hides the template from users and from runs; restoring brings it back', async () => {
    const archived = await t.http.delete(`/api/admin/templates/${templateId}`).set(admin.auth).expect(200);
    expect(archived.body.archived_at).toEqual(expect.any(String));

    await t.http.get('/api/workflows/word-stories').set(user.auth).expect(404);
    const list = await t.http.get('/api/workflows').set(user.auth).expect(200);
    expect(list.body.workflows.map((w: { slug: string }) => w.slug)).not.toContain('word-stories');
    await t.http.get(`/api/specs/${v11.id}`).set(user.auth).expect(404);
    await t.http.post('/api/runs').set(user.auth).send({ spec_id: v11.id, intent: { word: 'x', audience: 'general' } }).expect(404);
    const conflict = await publish({ template_id: templateId, version: '2.0.0', stages: threeStages() }).expect(409);
    expect(conflict.body.code).toBe('TEMPLATE_ARCHIVED');

    const adminList = await t.http.get('/api/admin/templates').set(admin.auth).expect(200);
    expect(adminList.body.templates.map((tpl: { slug: string }) => tpl.slug)).not.toContain('word-stories');
    const withArchived = await t.http.get('/api/admin/templates').query({ include_archived: true, search: 'word' }).set(admin.auth).expect(200);
    expect(withArchived.body.templates.map((tpl: { slug: string }) => tpl.slug).sort()).toEqual(['word-stories', 'word-stories-copy']);
    expect(withArchived.body.total).toBe(2);

    await t.http.post(`/api/admin/templates/${templateId}/restore`).set(admin.auth).expect(200);
    await t.http.get('/api/workflows/word-stories').set(user.auth).expect(200);
  });

  it('the agent registry groups agents by category and shows which gates and specs use each', async () => {
    const registry = await t.http.get('/api/admin/agents').set(admin.auth).expect(200);
    expect(registry.body.categories.map((c: { category: string }) => c.category)).toEqual(['orchestrators', 'research', 'content', 'engineering', 'auditors', 'utilities']);
    expect(registry.body.total).toBe(3);
    const research = registry.body.categories.find((c: { category: string }) => c.category === 'research');
    const lead = research.agents.find((a: { slug: string }) => a.slug === 'research-lead');
    expect(lead).toMatchObject({ tier: 'top', model: 'claude-sonnet-4', gates: ['G2'], file: 'agents/research/research-lead.md' });
    const usage = lead.specs.map((s: { template_slug: string; version: string; active: boolean }) => `${s.template_slug}@${s.version}${s.active ? '*' : ''}`).sort();
    expect(usage).toEqual(['word-stories-copy@1.0.0*', 'word-stories@1.0.0', 'word-stories@1.1.0*']);
    const intake = registry.body.categories[0].agents.find((a: { slug: string }) => a.slug === 'intake-orchestrator');
    // The seeded demo workflow uses it too.
    expect(intake.specs.map((s: { template_slug: string }) => s.template_slug)).toEqual(expect.arrayContaining(['demo-essay', 'word-stories']));

    const one = await t.http.get('/api/admin/agents/citation-auditor').set(admin.auth).expect(200);
    expect(one.body).toMatchObject({ slug: 'citation-auditor', category: 'auditors', tools: ['list_directory', 'read_file', 'write_file'], gates: ['G6'] });
    expect(one.body.body).toBe(PROMPT);
    expect(one.body.front_matter).toMatchObject({ slug: 'citation-auditor', tier: 'mid', role: 'The citation-auditor of the tests.' });
    await t.http.get('/api/admin/agents/nobody').set(admin.auth).expect(404);
  });

  it('lists the gate contracts and profiles a stage can name', async () => {
    const contracts = await t.http.get('/api/admin/contracts').set(admin.auth).expect(200);
    expect(contracts.body.contracts.map((c: { gate: string }) => c.gate)).toEqual(['G1', 'G2', 'G6']);
    expect(contracts.body.contracts[2]).toEqual({
      gate: 'G6',
      name: 'Citation Audit',
      description: null,
      blocking: true,
      required_outputs: ['{artifact_path}/audit/citations.md'],
      any_of_outputs: [],
      checks: [{ type: 'contains_headings', severity: 'warning', description: null }],
      required_skills: [],
    });
    const one = await t.http.get('/api/admin/contracts/G6').set(admin.auth).expect(200);
    expect(one.body.contract.validations[0]).toMatchObject({ required_headings: ['Verdict'] });
    await t.http.get('/api/admin/contracts/G404').set(admin.auth).expect(404);
    const profiles = await t.http.get('/api/admin/profiles').set(admin.auth).expect(200);
    expect(profiles.body).toEqual({ profiles: [{ id: 'research/historical', kind: 'research', name: 'Historical', description: 'Archives first.' }], total: 1 });
  });

  const ID = '00000000-0000-4000-8000-000000000000';
  const adminRoutes: [string, string][] = [
    ['get', '/api/admin/templates'],
    ['post', '/api/admin/templates'],
    ['get', `/api/admin/templates/${ID}`],
    ['put', `/api/admin/templates/${ID}`],
    ['delete', `/api/admin/templates/${ID}`],
    ['post', `/api/admin/templates/${ID}/restore`],
    ['post', `/api/admin/templates/${ID}/duplicate`],
    ['post', '/api/admin/specs'],
    ['post', '/api/admin/specs/preview'],
    ['get', `/api/admin/specs/diff?from=${ID}&to=${ID}`],
    ['get', `/api/admin/specs/${ID}/versions`],
    ['get', '/api/admin/agents'],
    ['get', '/api/admin/agents/research-lead'],
    ['get', '/api/admin/contracts'],
    ['get', '/api/admin/contracts/G1'],
    ['get', '/api/admin/profiles'],
    ['get', '/api/admin/settings'],
    ['put', '/api/admin/settings'],
  ];

  it.each(adminRoutes)('%s %s: 401 anonymous, 403 for a signed-in user', async (method, path) => {
    const agent = t.http as unknown as Record<string, (url: string) => Test>;
    const call = (headers: Record<string, string>) => agent[method](path).set(headers).send({});
    expect((await call({})).status).toBe(401);
    const forbidden = await call(user.auth);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('FORBIDDEN');
  });
});
