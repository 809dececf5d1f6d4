import { loadOrchestration } from '../../core/content/loader';
import { parseWorkflow } from '../../core/content/workflow-schema';
import { createLocalEngine } from '../../core/engine/local/local-engine';
import { MemoryWorkspaceProvider } from '../../core/engine/local/disk-workspace-provider';
import { fixedAdapterResolver } from '../../core/engine/model-resolvers';
import { newRunSnapshot } from '../../core/engine/run-snapshot';
import { scopeAllows, writeScopeFor } from '../../core/engine/write-scope';
import type { ModelAdapter, ModelRequest, ModelResponse } from '../../core/models/model-adapter';
import { SimulatorAdapter } from '../../core/simulator';
import { isSimulatorGateContext } from '../../core/simulator/gate-context';

/**
 * Write scopes: a stage writes only its contract's outputs and the earlier files its stage lists in `may_modify`;
 * anything else is refused with an error the model reads, the file stays as it was, and the attempt records it.
 */
const catalog = loadOrchestration();
const etymology = catalog.workflows.get('etymology-visual-essay')!;
const vars = { slug: 'serendipity', depth: 'standard' as const };

describe('write scopes', () => {
  it('an audit owns only its report; a stage that edits the essay declares it in may_modify', () => {
    const audit = writeScopeFor(catalog.contracts.get('G5.4')!, [], vars);
    expect(audit.owned).toEqual(['audits/VIZ-AMBITION.md']);
    expect(scopeAllows(audit, 'essay/index.html')).toBe(false);
    const bibliography = etymology.gates.find((gate) => gate.gate === 'G5.5')!;
    expect(bibliography.may_modify).toEqual(['essay/index.html']);
    expect(scopeAllows(writeScopeFor(catalog.contracts.get('G5.5')!, bibliography.may_modify, vars), 'essay/index.html')).toBe(true);
    const integrity = writeScopeFor(catalog.contracts.get('G6.5')!, [], vars);
    expect(scopeAllows(integrity, 'data/usage.csv')).toBe(true);
    expect(scopeAllows(integrity, 'research/SOURCES.md')).toBe(false);
  });

  it('may_modify is schema-checked when a workflow loads', () => {
    const workflow = JSON.parse(JSON.stringify(etymology));
    workflow.gates[1].may_modify = ['../outside.md'];
    expect(() => parseWorkflow(workflow, 'workflows/etymology-visual-essay.json')).toThrow(/gates\[1\]\.may_modify\[0\].*no leading \/, no \.\./s);
  });

  it('a write outside the scope gets the tool error, leaves the file unchanged and is recorded on the attempt', async () => {
    const simulator = new SimulatorAdapter();
    // At G2 the research agent also tries to rewrite the approved intake brief (G1's output).
    const trespasser: ModelAdapter = {
      provider: 'simulator',
      async complete(request: ModelRequest): Promise<ModelResponse> {
        const response = await simulator.complete(request);
        const context = isSimulatorGateContext(request.gateContext) ? request.gateContext : null;
        const firstRound = !request.messages.some((message) => message.role === 'assistant');
        if (context?.gateId !== 'G2' || !firstRound) return response;
        return {
          ...response,
          toolCalls: [...response.toolCalls, { type: 'tool_use', id: 'trespass', name: 'write_file', input: { path: 'intake/BRIEF.md', content: 'status: REWRITTEN' } }],
        };
      },
    };
    const workspaces = new MemoryWorkspaceProvider();
    const engine = createLocalEngine({ catalog, workspaces, models: fixedAdapterResolver(trespasser) });
    const run = newRunSnapshot(etymology, { word: 'serendipity', angle: 'etymology', audience: 'general', length: '6min' }, { id: 'scope-run', depth: 'quick' });
    await engine.start(run);
    await engine.settle();

    const attempts = engine.store.fullAttempts(run.id);
    const g2 = attempts.find((attempt) => attempt.gateId === 'G2')!;
    const raw = g2.rawOutput as { refused_writes: Array<{ path: string; reason: string }>; agents: Array<{ rounds: Array<{ toolResults: Array<{ toolUseId: string; content: string; isError?: boolean }> }> }> };
    expect(raw.refused_writes).toEqual([expect.objectContaining({ path: 'intake/BRIEF.md', reason: expect.stringContaining('outside this stage\'s write scope') })]);
    const result = raw.agents[0].rounds.flatMap((round) => round.toolResults).find((tool) => tool.toolUseId === 'trespass')!;
    expect(result.isError).toBe(true);
    expect(result.content).toContain('write_file refused: "intake/BRIEF.md" is outside this stage\'s write scope. This stage owns: research/SOURCES.md');

    const briefVersions = engine.store.artifactsOf(run.id).filter((artifact) => artifact.path === 'intake/BRIEF.md');
    expect(briefVersions.map((artifact) => artifact.gateId)).toEqual(['G1']);
    const workspace = await workspaces.forRun(run.id);
    expect(await workspace.readFile('intake/BRIEF.md')).toBe(briefVersions[0].content);
    expect((await engine.store.getRun(run.id))!.status).toBe('completed');
  }, 120_000);

  it('in a full run no stage writes an earlier stage\'s file unless its stage declares it', async () => {
    const workspaces = new MemoryWorkspaceProvider();
    const engine = createLocalEngine({ catalog, workspaces, models: fixedAdapterResolver(new SimulatorAdapter()) });
    const run = newRunSnapshot(etymology, { word: 'ledger', angle: 'etymology', audience: 'general', length: '6min' }, { id: 'scope-full', depth: 'quick' });
    await engine.start(run);
    await engine.settle();
    const writers = new Map<string, Set<string>>();
    for (const artifact of engine.store.artifactsOf(run.id)) writers.set(artifact.path, (writers.get(artifact.path) ?? new Set()).add(artifact.gateId));
    expect([...writers.get('essay/index.html')!]).toEqual(['G5', 'G5.5', 'G6.6']);
    for (const [path, gates] of writers) if (path !== 'essay/index.html' && path !== 'essay/ESSAY.md') expect({ path, gates: gates.size }).toEqual({ path, gates: 1 });
  }, 120_000);
});
