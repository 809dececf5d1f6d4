import { MemoryWorkspaceProvider } from '../../core/engine/local/disk-workspace-provider';
import { startRun } from '../../core/engine/run-lifecycle';
import type { Workspace } from '../../core/engine/workspace/workspace';
import { gate, scriptedEngine } from './support/scripted-engine';

/** The engine's ways of saving storage round trips keep their guarantees. */
describe('attempt round trips', () => {
  it('with cancelCheckMs the run status is read at most once per interval, and a cancellation is still noticed', async () => {
    let nowMs = 1_000_000;
    const answers: boolean[] = [];
    const t = scriptedEngine([gate('G1')], async ({ isCancelled, run }) => {
      answers.push(await isCancelled()); // right after the claim: no read
      nowMs += 400;
      answers.push(await isCancelled()); // still inside the interval: no read
      nowMs += 700;
      answers.push(await isCancelled()); // interval over: reads "running"
      await t.store.updateRun(run.id, { status: 'cancelled' }); // another process cancels
      nowMs += 1_000;
      answers.push(await isCancelled()); // reads "cancelled"
      return { status: 'failed', failCodes: ['CANCELLED'] };
    });
    t.deps.clock = { now: () => new Date(nowMs) };
    t.deps.settings.cancelCheckMs = 1_000;
    let reads = 0;
    const getRunStatus = t.store.getRunStatus.bind(t.store);
    t.store.getRunStatus = async (runId) => {
      reads++;
      return getRunStatus(runId);
    };
    await startRun(t.deps, t.run.id);
    await t.settle();
    expect(answers).toEqual([false, false, false, true]);
    expect(reads).toBe(2);
  });

  it('without cancelCheckMs every call reads the status', async () => {
    let reads = 0;
    const t = scriptedEngine([gate('G1')], async ({ isCancelled }) => {
      for (let i = 0; i < 3; i++) await isCancelled();
      return {};
    });
    const getRunStatus = t.store.getRunStatus.bind(t.store);
    t.store.getRunStatus = async (runId) => {
      reads++;
      return getRunStatus(runId);
    };
    await startRun(t.deps, t.run.id);
    await t.settle();
    expect(reads).toBe(3);
  });

  it('flushes buffered workspace writes after the gate ran and before its outcome is recorded', async () => {
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
    await startRun(t.deps, t.run.id);
    await t.settle();
    expect(order).toEqual(['gate', 'flush', 'complete']);
    expect((await t.store.getRun(t.run.id))!.status).toBe('completed');
  });
});
