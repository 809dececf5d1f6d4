import { MemoryWorkspaceProvider } from '../../core/engine/local/disk-workspace-provider';
import { startRun } from '../../core/engine/run-lifecycle';
import type { Workspace } from '../../core/engine/workspace/workspace';
import { gate, scriptedEngine } from './support/scripted-engine';

/** The engine's ways of saving storage round trips keep their guarantees. */
describe('attempt round trips', () => {
  it('with cancelCheckMs the run status is read at most once per interval, and a cancellation is still noticed', async () => {
    let nowMs = 1_000_000;
    const answers: boolean[] = [];
    let reads = 0;
    let inGate = false;
    const t = scriptedEngine([gate('G1')], async ({ isCancelled, run }) => {
      inGate = true;
      answers.push(await isCancelled()); // right after the claim: no read
      nowMs += 400;
      answers.push(await isCancelled()); // still inside the interval: no read
      nowMs += 700;
      answers.push(await isCancelled()); // interval over: reads "running"
      await t.store.updateRun(run.id, { status: 'cancelled' }); // another process cancels
      nowMs += 1_000;
      answers.push(await isCancelled()); // reads "cancelled"
      inGate = false;
      return { status: 'failed', failCodes: ['CANCELLED'] };
    });
    t.deps.clock = { now: () => new Date(nowMs) };
    t.deps.settings.cancelCheckMs = 1_000;
    const getRunStatus = t.store.getRunStatus.bind(t.store);
    t.store.getRunStatus = async (runId) => {
      if (inGate) reads++;
      return getRunStatus(runId);
    };
    await startRun(t.deps, t.run.id);
    await t.settle();
    expect(answers).toEqual([false, false, false, true]);
    expect(reads).toBe(2);
  });

  it('without cancelCheckMs every call reads the status', async () => {
    let reads = 0;
    let inGate = false;
    const t = scriptedEngine([gate('G1')], async ({ isCancelled }) => {
      inGate = true;
      for (let i = 0; i < 3; i++) await isCancelled();
      inGate = false;
      return {};
    });
    const getRunStatus = t.store.getRunStatus.bind(t.store);
    t.store.getRunStatus = async (runId) => {
      if (inGate) reads++;
      return getRunStatus(runId);
    };
    await startRun(t.deps, t.run.id);
    await t.settle();
    expect(reads).toBe(3);
  });

  it('stores buffered workspace writes with the outcome, in the same unit of work', async () => {
    const order: string[] = [];
    const t = scriptedEngine([gate('G1')], async ({ workspace }) => {
      await workspace.writeFile('notes.md', '# Notes\n');
      order.push('gate');
      return {};
    });
    const provider = new MemoryWorkspaceProvider();
    t.deps.workspaces = {
      forRun: async (runId) => {
        const workspace: Workspace = await provider.forRun(runId);
        workspace.flush = async () => void order.push('flush');
        return workspace;
      },
    };
    const completeAttempt = t.store.completeAttempt.bind(t.store);
    t.store.completeAttempt = async (...args) => {
      order.push('complete');
      return completeAttempt(...args);
    };
    t.deps.unitOfWork = {
      atomically: async (work) => {
        order.push('begin');
        const result = await work();
        order.push('commit');
        return result;
      },
    };
    await startRun(t.deps, t.run.id);
    await t.settle();
    // claim + gate_started in one unit; outcome, files, totals, result event and run completion in the next
    expect(order).toEqual(['begin', 'commit', 'gate', 'begin', 'complete', 'flush', 'commit']);
    expect(t.events.events.map((e) => e.type).filter((type) => type !== 'gate_output')).toEqual(['run_started', 'gate_started', 'gate_passed', 'run_completed']);
    expect((await t.store.getRun(t.run.id))!.status).toBe('completed');
  });

  it('a superseded attempt (its outcome refused) stores none of its buffered files', async () => {
    let flushed = 0;
    const t = scriptedEngine([gate('G1')], async ({ workspace, attempt }) => {
      await workspace.writeFile('notes.md', '# Notes\n');
      // another worker's recovery failed this attempt meanwhile (its lease looked expired)
      await t.store.updateAttempt(attempt.id, { status: 'failed', failCodes: ['WORKER_LOST'] }, ['running']);
      return {};
    });
    const provider = new MemoryWorkspaceProvider();
    t.deps.workspaces = {
      forRun: async (runId) => {
        const workspace: Workspace = await provider.forRun(runId);
        workspace.flush = async () => void flushed++;
        return workspace;
      },
    };
    await startRun(t.deps, t.run.id);
    await t.settle();
    expect(flushed).toBe(0);
  });

  it('reads the run once per attempt of a gate that passes, and its status not at all', async () => {
    const t = scriptedEngine([gate('G1'), gate('G2')], async () => ({}));
    const calls: Record<string, number> = {};
    for (const method of ['getRun', 'getRunStatus', 'listAttempts'] as const) {
      const inner = t.store[method].bind(t.store) as (...args: unknown[]) => Promise<unknown>;
      (t.store as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        calls[method] = (calls[method] ?? 0) + 1;
        return inner(...args);
      };
    }
    await startRun(t.deps, t.run.id);
    await t.settle();
    expect((await t.store.getRun(t.run.id))!.status).toBe('completed');
    // startRun reads the run twice (start + advance); each of the two attempts once more
    expect(calls.getRun).toBe(2 + 2 + 1); // + the check above
    expect(calls.getRunStatus ?? 0).toBe(0);
    // per attempt: its history and the totals after it; startRun's advance once
    expect(calls.listAttempts).toBe(1 + 2 * 2);
  });
});

