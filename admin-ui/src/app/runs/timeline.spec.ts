import type { GateAttempt, RunGate } from '@esy/api-client';
import { buildTimeline, focusGate, gateActions, type SpecStage } from './timeline';

const as = <T>(value: unknown) => value as T;
const gate = (id: string, order: number, status: RunGate['status'], extra: Partial<RunGate> = {}) =>
  as<RunGate>({ gate_id: id, gate_name: `Gate ${id}`, phase: 'research', gate_order: order, status, attempts: 0, max_attempts: 3, duration_ms: null, status_reason: null, fail_codes: [], simulated: true, ...extra });
const attempt = (gateId: string, n: number, status: string, model: string) =>
  as<GateAttempt>({ id: `${gateId}-${n}`, gate_id: gateId, attempt_number: n, status, model_id: model, model_provider: 'simulator', agent_slug: 'writer,designer' });

describe('gate timeline', () => {
  const stages: SpecStage[] = [
    { gate: 'G1', name: 'Intake', phase: 'intake', agent: 'intake-orchestrator' },
    { gate: 'G5', name: 'Content', phase: 'production', parallel_agents: [{ agent: 'writer', role: 'prose' }, { agent: 'designer', role: 'visuals' }] },
    { gate: 'G6', name: 'Data audit', phase: 'audit', agent: 'auditor', condition: "mode == 'data-journalism'" },
    { gate: 'G7', name: 'Publish', phase: 'publication', agent: 'publisher', model: 'claude-opus-4' },
  ];

  it('shows every gate in order, with parallel agents, skip reasons, the latest model and every attempt', () => {
    const nodes = buildTimeline(
      [gate('G5', 2, 'failed', { attempts: 2, fail_codes: ['MISSING_ARTIFACT'] }), gate('G1', 1, 'passed', { attempts: 1 }), gate('G6', 3, 'skipped', { status_reason: 'condition false' })],
      [attempt('G5', 2, 'failed', 'gpt-4o'), attempt('G1', 1, 'passed', 'claude-sonnet-4'), attempt('G5', 1, 'failed', 'claude-sonnet-4')],
      stages,
    );
    expect(nodes.map((n) => n.gateId)).toEqual(['G1', 'G5', 'G6', 'G7']);
    const g5 = nodes[1];
    expect(g5.parallel).toBe(true);
    expect(g5.agents).toEqual([{ slug: 'writer', role: 'prose' }, { slug: 'designer', role: 'visuals' }]);
    expect(g5.history.map((a) => a.attempt_number)).toEqual([1, 2]);
    expect(g5.model).toBe('gpt-4o');
    expect(g5.failCodes).toEqual(['MISSING_ARTIFACT']);
    expect(nodes[2]).toMatchObject({ status: 'skipped', statusReason: 'condition false', condition: "mode == 'data-journalism'" });
    // A stage not materialised yet still shows, pending, with its pinned model.
    expect(nodes[3]).toMatchObject({ gateId: 'G7', status: 'pending', model: 'claude-opus-4', attempts: 0 });
  });

  it('counts attempts lost to infrastructure apart from the gate’s own attempts', () => {
    // G5: attempt 1 WORKER_LOST (max_attempts grew to 4), attempt 2 failed checks, attempt 3 running
    const [, g5] = buildTimeline([gate('G1', 1, 'passed', { attempts: 1 }), gate('G5', 2, 'running', { attempts: 3, max_attempts: 4, infra_retries: 1 })], [], stages);
    expect(g5).toMatchObject({ attempts: 2, maxAttempts: 3, infraRetries: 1 });
  });

  it('falls back to the agents recorded on the attempt when the spec has no stage for a gate', () => {
    const [node] = buildTimeline([gate('G9', 1, 'passed')], [attempt('G9', 1, 'passed', 'o3')], []);
    expect(node.agents.map((a) => a.slug)).toEqual(['writer', 'designer']);
    expect(node.parallel).toBe(true);
  });

  it('opens on the failed gate first, else the running one, else the last that ran', () => {
    const base = [gate('G1', 1, 'passed'), gate('G2', 2, 'running'), gate('G3', 3, 'pending')];
    expect(focusGate(buildTimeline(base, [], []))).toBe('G2');
    expect(focusGate(buildTimeline([...base.slice(0, 1), gate('G2', 2, 'failed'), base[2]], [], []))).toBe('G2');
    expect(focusGate(buildTimeline([gate('G1', 1, 'passed'), gate('G2', 2, 'passed'), gate('G3', 3, 'pending')], [], []))).toBe('G2');
  });

  it('offers only the actions the engine accepts', () => {
    expect(gateActions('paused', 'failed')).toEqual({ rerun: true, skip: true, approve: true });
    expect(gateActions('completed', 'passed')).toEqual({ rerun: true, skip: false, approve: false });
    expect(gateActions('running', 'running')).toEqual({ rerun: false, skip: false, approve: false });
    expect(gateActions('paused', 'warning')).toEqual({ rerun: true, skip: false, approve: true });
    expect(gateActions('cancelled', 'failed')).toEqual({ rerun: false, skip: false, approve: false });
  });
});
