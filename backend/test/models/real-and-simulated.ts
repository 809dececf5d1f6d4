import { randomBytes } from 'node:crypto';
import { FakeAnthropicServer, scriptedAgent } from '@esy/orchestration/test-support';
import { createRun, startRunsHarness, waitForRun, type RunsHarness } from '../runs/support';
import { createOrchestrationFixture, fixtureWorkflow, loginAdmin, registerUser, type OrchestrationFixture, type Session } from '../support';

const BRIEF = '# Brief\n\nSubject: the word "serendipity", coined by Horace Walpole in 1754.\n';

function workflow(slug: string, model: string) {
  const base = fixtureWorkflow({ workflow: slug, name: slug });
  const [gate] = base.gates as Array<Record<string, unknown>>;
  return { ...base, gates: [{ ...gate, model, max_attempts: 1 }] };
}

export interface RealAndSimulated {
  h: RunsHarness;
  admin: Session;
  owner: Session;
  /** The finished runs by workflow slug: `real-brief` (a keyed provider) and `simulated-brief` (the simulator). */
  runs: Record<'real-brief' | 'simulated-brief', Record<string, any>>;
  close(): Promise<void>;
}

/**
 * One user's real run (Anthropic wire protocol, local fake server: 1,200 tokens in, 300 out on claude-haiku-3.5)
 * and simulated run (gpt-4o: OpenAI has no key), each a one-gate brief, both finished.
 */
export async function startRealAndSimulatedRuns(): Promise<RealAndSimulated> {
  const anthropic = await new FakeAnthropicServer().start();
  const fixture: OrchestrationFixture = createOrchestrationFixture();
  fixture.writeWorkflow(workflow('real-brief', 'claude-haiku-3.5'));
  fixture.writeWorkflow(workflow('simulated-brief', 'gpt-4o'));
  const env = { ORCHESTRATION_DIR: fixture.dir, SIMULATION_ENABLED: 'true', CREDENTIALS_KEY: randomBytes(32).toString('base64') };
  const h = await startRunsHarness({ env, workers: 1 });
  const admin = await loginAdmin(h.t.http);
  const owner = await registerUser(h.t.http);
  await h.t.http.put('/api/admin/providers/anthropic').set(admin.auth).send({ api_key: 'sk-ant-apart-Qm4Tz8', base_url: anthropic.baseURL }).expect(200);
  // gpt-4o (OpenAI has no key) would fall back to claude-sonnet-4 on the keyed Anthropic: take it out of the chain
  // so that run is served by the simulator.
  await h.t.http.put('/api/admin/models/claude-sonnet-4').set(admin.auth).send({ active: false }).expect(200);
  const runs = {} as RealAndSimulated['runs'];
  for (const slug of ['simulated-brief', 'real-brief'] as const) {
    const { body } = await h.t.http.get(`/api/workflows/${slug}`).set(owner.auth).expect(200);
    if (slug === 'real-brief') anthropic.enqueue(...scriptedAgent([{ path: 'intake/brief.md', content: BRIEF }], { listFirst: '.', usage: { inputTokens: 1200, outputTokens: 300 } }));
    const { id } = await createRun(h.t.http, owner.auth, body.active_spec_id, { word: 'serendipity' });
    runs[slug] = (await waitForRun(h.t.http, owner.auth, id, ['completed', 'paused', 'failed'], 90_000)).run;
  }
  return {
    h,
    admin,
    owner,
    runs,
    async close() {
      await h.close();
      await anthropic.close();
      fixture.remove();
    },
  };
}
