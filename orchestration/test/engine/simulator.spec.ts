import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseContract } from '../../core/content/contract-schema';
import { parseWorkflow } from '../../core/content/workflow-schema';
import { createLocalEngine } from '../../core/engine/local/local-engine';
import { MemoryWorkspaceProvider } from '../../core/engine/local/disk-workspace-provider';
import { fixedAdapterResolver, routerModelResolver } from '../../core/engine/model-resolvers';
import { BUILT_IN_MODELS } from '../../core/models/catalog';
import { ProviderRegistry } from '../../core/models/provider-registry';
import { ModelRouter } from '../../core/models/router';
import { newRunSnapshot } from '../../core/engine/run-snapshot';
import { SimulatorAdapter, type SimulatorConfig } from '../../core/simulator';
import { fixtureCatalog, fixtureWorkflow } from './support/fixture-catalog';

async function simulate(config: SimulatorConfig, intent: Record<string, unknown> = { word: 'serendipity' }, runId = 'sim-run-1', depth?: 'quick' | 'standard' | 'deep') {
  const workspaces = new MemoryWorkspaceProvider();
  const engine = createLocalEngine({ catalog: fixtureCatalog(), workspaces, models: fixedAdapterResolver(new SimulatorAdapter(config)) });
  const run = newRunSnapshot(fixtureWorkflow(), intent, { id: runId, depth });
  await engine.start(run);
  await engine.settle();
  const workspace = await workspaces.forRun(run.id);
  return { engine, run: (await engine.store.getRun(run.id))!, attempts: engine.store.fullAttempts(run.id), files: workspace.snapshot(), artifacts: engine.store.artifactsOf(run.id) };
}

const statuses = (attempts: Array<{ gateId: string; attemptNumber: number; status: string }>) => attempts.map((a) => `${a.gateId}#${a.attemptNumber}:${a.status}`);

describe('simulator', () => {
  it.each(['quick', 'standard', 'deep'] as const)('satisfies every validation type at %s depth, through tool calls', async (depth) => {
    const { run, attempts, files } = await simulate({}, { word: 'serendipity' }, `sim-${depth}`, depth);
    const failures = attempts.flatMap((a) => ((a.validationResults as { results?: Array<{ passed: boolean; type: string; target: string; detail: string }> } | null)?.results ?? []).filter((r) => !r.passed));
    expect(failures).toEqual([]);
    expect(statuses(attempts)).toEqual(['R1#1:passed', 'E1#1:passed', 'C1#1:passed', 'D1#1:skipped']);
    expect(run.status).toBe('completed');
    expect(run.simulated).toBe(true);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['research/sources.md', 'research/timeline.md', 'research/summary.md', 'essay/serendipity.html', 'design/viz-decision.md', 'SerendipityClient.tsx']));
    const essay = files['essay/serendipity.html'];
    expect(essay).toMatch(/^<!DOCTYPE html>/);
    expect(essay).toContain('serendipity');
    expect(essay).not.toMatch(/lorem/i);
  });

  it.each(['quick', 'standard', 'deep'] as const)('satisfies an Esy-format contract with every optional part (%s)', async (depth) => {
    const contract = parseContract(readFileSync(path.join(__dirname, '../fixtures/esy-format/G5.contract.json'), 'utf8'), 'G5.contract.json');
    const catalog = fixtureCatalog();
    catalog.contracts.set('G5', contract);
    const workflow = parseWorkflow(
      { workflow: 'esy-g5', version: '1.0.0', name: 'G5 only', description: 'One gate.', type: 'visual-essay', modes: ['historical'], gates: [{ gate: 'G5', name: 'Content Complete', phase: 'production', agent: 'fixture-writer' }] },
      'workflows/esy-g5.json',
    );
    const engine = createLocalEngine({ catalog, workspaces: new MemoryWorkspaceProvider(), models: fixedAdapterResolver(new SimulatorAdapter()) });
    const run = newRunSnapshot(workflow, { word: 'robot' }, { id: `esy-g5-${depth}`, depth });
    await engine.start(run);
    await engine.settle();
    const [attempt] = engine.store.fullAttempts(run.id);
    const validation = attempt.validationResults as { outcome: string; results: Array<{ passed: boolean }> };
    expect(validation.results.filter((row) => !row.passed)).toEqual([]);
    expect(attempt.status).toBe('passed');
  });

  it('records the attempt like a real one: tool rounds, tokens, cost, hashes, simulated flags, parallel agents', async () => {
    const { attempts, artifacts, files } = await simulate({});
    const essay = attempts.find((a) => a.gateId === 'E1')!;
    expect(essay).toMatchObject({ status: 'passed', agentSlug: 'fixture-writer,fixture-viz', modelProvider: 'simulator', simulated: true });
    expect(essay.tokensIn).toBeGreaterThan(500);
    expect(essay.tokensOut).toBeGreaterThan(500);
    expect(Number(essay.costUsd)).toBeGreaterThan(0);
    const raw = essay.rawOutput as { agents: Array<{ agent_slug: string; rounds: Array<{ response: { toolCalls: Array<{ name: string }> } }> }> };
    expect(raw.agents.map((a) => a.agent_slug)).toEqual(['fixture-writer', 'fixture-viz']);
    // each agent listed, then wrote, then stopped
    for (const agent of raw.agents) {
      expect(agent.rounds[0].response.toolCalls.map((c) => c.name)).toEqual(['list_directory']);
      expect(agent.rounds.at(-1)!.response.toolCalls).toEqual([]);
    }
    const packets = (essay.promptPacket as { agents: Array<{ role: string; user: string }> }).agents;
    expect(packets.map((p) => p.role)).toEqual(['writes the essay', 'designs the visualizations']);
    const essayArtifacts = artifacts.filter((a) => a.gateId === 'E1');
    expect(essayArtifacts.map((a) => a.path).sort()).toEqual(['design/viz-decision.md', 'essay/serendipity.html']);
    for (const artifact of essayArtifacts) {
      expect(artifact.content).toBe(files[artifact.path]);
      expect(artifact.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(artifact.sizeBytes).toBe(Buffer.byteLength(files[artifact.path]));
    }
    // the component gate read the visualization decision written by the essay gate
    const component = attempts.find((a) => a.gateId === 'C1')!;
    const calls = (component.rawOutput as { agents: Array<{ rounds: Array<{ response: { toolCalls: Array<{ name: string; input: { path?: string } }> } }> }> }).agents[0].rounds[1].response.toolCalls;
    expect(calls).toEqual([expect.objectContaining({ name: 'read_file', input: { path: 'design/viz-decision.md' } })]);
  });

  it('is deterministic for the same run, gate and attempt', async () => {
    const first = await simulate({}, { word: 'quixotic' }, 'same-run');
    const second = await simulate({}, { word: 'quixotic' }, 'same-run');
    expect(second.files).toEqual(first.files);
    expect(second.attempts.map((a) => [a.tokensIn, a.tokensOut, a.costUsd])).toEqual(first.attempts.map((a) => [a.tokensIn, a.tokensOut, a.costUsd]));
  });

  it('runs the conditional gate in the mode that enables it', async () => {
    const { attempts } = await simulate({}, { word: 'ledger', mode: 'data-journalism' });
    expect(statuses(attempts)).toEqual(['R1#1:passed', 'E1#1:passed', 'C1#1:passed', 'D1#1:passed']);
  });

  it('forced failures write incomplete output that the contract rejects, then the retry passes', async () => {
    const { attempts, run } = await simulate({ gates: { R1: { failAttempts: 2 } } });
    expect(statuses(attempts).slice(0, 3)).toEqual(['R1#1:failed', 'R1#2:failed', 'R1#3:passed']);
    expect(attempts[0].failCodes.length).toBeGreaterThan(0);
    expect(attempts[0].failCodes).not.toContain('MODEL_ERROR');
    expect(run.status).toBe('completed');
    // the retry was told what failed
    const packet = (attempts[1].promptPacket as { agents: Array<{ user: string }> }).agents[0].user;
    expect(packet).toMatch(/## What failed last time\n\nAttempt 1 of this gate failed/);
  });

  it('pauses the run when a gate fails every attempt', async () => {
    const { attempts, run } = await simulate({ gates: { E1: { failAttempts: 3 } } });
    expect(statuses(attempts)).toEqual(['R1#1:passed', 'E1#1:failed', 'E1#2:failed', 'E1#3:failed']);
    expect(run.status).toBe('paused');
    expect(run.pauseReason).toMatch(/^E1 Essay Complete failed 3 of 3 attempts/);
  });

  it('a forced provider error fails the attempt with MODEL_ERROR and the message', async () => {
    const { attempts } = await simulate({ gates: { R1: { modelErrorAttempts: 1 } } });
    expect(attempts[0]).toMatchObject({ status: 'failed', failCodes: expect.arrayContaining(['MODEL_ERROR']) });
    expect((attempts[0].rawOutput as { agents: Array<{ error: string }> }).agents[0].error).toMatch(/simulated provider error for R1 attempt 1/);
    expect(attempts[1].status).toBe('passed');
  });

  it('a global fail rate of 1 fails every attempt', async () => {
    const { attempts, run } = await simulate({ failRate: 1 });
    expect(statuses(attempts)).toEqual(['R1#1:failed', 'R1#2:failed', 'R1#3:failed']);
    expect(run.status).toBe('paused');
  });

  it('runs parallel agents concurrently on the same workspace', async () => {
    // Counts model calls in flight instead of timing them: a loaded machine cannot make this flaky.
    class CountingSimulator extends SimulatorAdapter {
      inFlight = 0;
      maxInFlight = 0;
      override async complete(request: Parameters<SimulatorAdapter['complete']>[0]) {
        this.inFlight += 1;
        this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
        try {
          return await super.complete(request);
        } finally {
          this.inFlight -= 1;
        }
      }
    }
    const adapter = new CountingSimulator({ gates: { E1: { latencyMs: 20 } } });
    const engine = createLocalEngine({ catalog: fixtureCatalog(), workspaces: new MemoryWorkspaceProvider(), models: fixedAdapterResolver(adapter) });
    const run = newRunSnapshot(fixtureWorkflow(), { word: 'serendipity' }, { id: 'parallel-agents' });
    await engine.start(run);
    await engine.settle();
    const essay = engine.store.fullAttempts(run.id).find((a) => a.gateId === 'E1')!;
    const agents = (essay.rawOutput as { agents: unknown[] }).agents;
    expect(essay.status).toBe('passed');
    expect(agents.length).toBeGreaterThanOrEqual(2);
    expect(adapter.maxInFlight).toBe(agents.length);
  });

  it('runs through the real model router when no provider has a key (the server and CLI default)', async () => {
    const simulator = new SimulatorAdapter({});
    const router = new ModelRouter({ models: BUILT_IN_MODELS, registry: new ProviderRegistry({ providers: {}, simulationEnabled: true, simulator }) });
    const workspaces = new MemoryWorkspaceProvider();
    const engine = createLocalEngine({ catalog: fixtureCatalog(), workspaces, models: routerModelResolver(router) });
    const run = newRunSnapshot(fixtureWorkflow(), { word: 'serendipity' }, { id: 'routed', modelOverride: 'gpt-4o' });
    await engine.start(run);
    await engine.settle();
    const attempts = engine.store.fullAttempts(run.id);
    expect(statuses(attempts)).toEqual(['R1#1:passed', 'E1#1:passed', 'C1#1:passed', 'D1#1:skipped']);
    expect(attempts[0]).toMatchObject({ modelId: 'gpt-4o', modelProvider: 'simulator', simulated: true });
    const log = attempts[0].routing![0].log as Array<{ type: string }>;
    expect(log.map((entry) => entry.type)).toEqual(expect.arrayContaining(['selected', 'simulated']));
    expect(attempts[0].routing![0]).toMatchObject({ rule: 'run_override', modelId: 'gpt-4o' });
  });

  it('waits the configured latency per round', async () => {
    const started = Date.now();
    const { attempts } = await simulate({ gates: { R1: { latencyMs: 40 } } });
    const rounds = (attempts[0].rawOutput as { agents: Array<{ rounds: unknown[] }> }).agents[0].rounds.length;
    expect(rounds).toBeGreaterThanOrEqual(3);
    expect(attempts[0].durationMs!).toBeGreaterThanOrEqual(rounds * 40 - 5);
    expect(Date.now() - started).toBeGreaterThanOrEqual(rounds * 40 - 5);
  });
});
