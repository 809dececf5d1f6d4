import { TestBed } from '@angular/core/testing';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { of } from 'rxjs';
import { RunsData } from '../data/runs.data';
import type { RunDetailView, SpecStep } from '../data/view-models';
import RunDetailPage from './run-detail.page';

/** Stands in for the browser's EventSource; the page opens one per (re)connection. */
class FakeEventSource {
  static opened: FakeEventSource[] = [];
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.readyState = 2;
  }
  emit(id: number, type: string, payload: object = {}): void {
    const message = new MessageEvent<string>(type, { data: JSON.stringify(payload), lastEventId: String(id) });
    this.listeners.get(type)?.forEach((listener) => listener(message));
  }
}

const STEPS: SpecStep[] = [
  { gateId: 'G1', name: 'Intake Approval', phase: 'intake', estimateS: 30, conditional: false },
  { gateId: 'G2', name: 'Research Complete', phase: 'research', estimateS: 60, conditional: false },
  { gateId: 'G3', name: 'Citation Audit', phase: 'audit', estimateS: 30, conditional: false },
];

function run(status: RunDetailView['status'], extra: Partial<RunDetailView> = {}): RunDetailView {
  return {
    id: 'run-1',
    title: 'Serendipity',
    projectSlug: 'serendipity',
    templateName: 'Etymology essay',
    templateSlug: 'etymology',
    templateType: 'visual-essay',
    status,
    totalSteps: 3,
    doneSteps: 0,
    simulated: false,
    createdAt: '2026-01-01T10:00:00Z',
    completedAt: null,
    intent: { word: 'serendipity' },
    steps: [],
    pauseReason: null,
    failureReason: null,
    startedAt: '2026-01-01T10:00:01Z',
    specId: 'spec-1',
    lastEventId: 0,
    verification: { outcome: 'not_verified', overrides: [] },
    spec: {
      id: 'spec-1',
      version: '1.0.0',
      templateName: 'Etymology essay',
      templateSlug: 'etymology',
      artifactType: null,
      outputFormats: [],
      intentFields: [{ key: 'word', label: 'Word', type: 'string', required: true }],
      steps: STEPS,
      qa: { maxAttempts: 3, networkChecks: false, blockingWarnings: false, escalateOnRetry: false },
      guarantees: [],
      cost: null,
      createdAt: null,
      active: true,
    },
    ...extra,
  };
}

async function open(detail: RunDetailView) {
  FakeEventSource.opened = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  TestBed.configureTestingModule({
    providers: [
      provideRouter([{ path: 'activity/:runId', component: RunDetailPage }], withComponentInputBinding()),
      { provide: RunsData, useValue: { get: () => of(detail), streamToken: () => of('token-1') } },
    ],
  });
  const harness = await RouterTestingHarness.create();
  await harness.navigateByUrl('/activity/run-1');
  await settle(harness);
  return harness;
}

async function settle(harness: RouterTestingHarness): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve));
    harness.fixture.detectChanges();
    await harness.fixture.whenStable();
  }
}

const status = (host: HTMLElement, gate: string) => host.querySelector(`[data-step="${gate}"]`)?.getAttribute('data-status');

afterEach(() => vi.unstubAllGlobals());

describe('RunDetailPage', () => {
  it('shows every step and turns them green as events arrive, announcing progress', async () => {
    const harness = await open(run('running'));
    const host = harness.routeNativeElement as HTMLElement;
    expect(FakeEventSource.opened[0].url).toBe('/api/runs/run-1/stream?token=token-1');
    expect([...host.querySelectorAll('[data-step]')].map((el) => el.getAttribute('data-step'))).toEqual(['G1', 'G2', 'G3']);

    const source = FakeEventSource.opened[0];
    source.emit(1, 'gate_started', { gate_id: 'G1', attempt_number: 1, max_attempts: 3 });
    source.emit(2, 'gate_passed', { gate_id: 'G1', attempt_number: 1, max_attempts: 3, duration_ms: 1200, simulated: true });
    source.emit(3, 'gate_started', { gate_id: 'G2', attempt_number: 1, max_attempts: 3 });
    await settle(harness);
    expect(status(host, 'G1')).toBe('passed');
    expect(status(host, 'G2')).toBe('running');
    expect(status(host, 'G3')).toBe('pending');
    expect(host.querySelector('[data-testid=current-step]')?.textContent).toContain('Researching');
    expect(host.querySelector('[data-testid=run-announcement]')?.textContent).toContain('Step 2 of 3: Research.');
    expect(host.textContent).toContain('Simulated');

    source.emit(4, 'gate_passed', { gate_id: 'G2' });
    source.emit(5, 'gate_started', { gate_id: 'G3' });
    source.emit(6, 'gate_passed', { gate_id: 'G3' });
    source.emit(7, 'run_completed', {});
    await settle(harness);
    expect(host.querySelector('[data-testid=run-status]')?.textContent).toContain('Ready');
    expect(host.querySelector('a[href="/artifacts/run-1"]')?.textContent).toContain('View artifact');
    expect(source.readyState).toBe(2); // the stream is closed once the run is over
  });

  it('explains a paused run in plain words, without the engine’s vocabulary', async () => {
    const harness = await open(run('running'));
    const host = harness.routeNativeElement as HTMLElement;
    const source = FakeEventSource.opened[0];
    source.emit(10, 'gate_started', { gate_id: 'G1', attempt_number: 3, max_attempts: 3 });
    source.emit(11, 'gate_failed', { gate_id: 'G1', attempt_number: 3, max_attempts: 3, fail_codes: ['VALIDATION_FAILED'] });
    source.emit(12, 'run_paused', { reason: 'G1 Intake Approval failed 3 of 3 attempts: VALIDATION_FAILED', gate_id: 'G1' });
    await settle(harness);
    const explanation = host.querySelector('[data-testid=run-explanation]')?.textContent ?? '';
    expect(explanation).toContain('Paused: a quality check did not pass');
    expect(explanation).toContain('“Brief check” step');
    expect(host.textContent).not.toMatch(/VALIDATION_FAILED|gate|agent/i);
    expect(status(host, 'G1')).toBe('failed');
  });

  it('starts finished runs from their snapshot without opening a stream', async () => {
    const steps = STEPS.map((step, order) => ({ gateId: step.gateId, name: step.name, phase: step.phase, order, status: 'passed' as const, attempt: 1, maxAttempts: 3, startedAt: null, durationMs: 1000, decision: 'passed' as const }));
    const harness = await open(run('completed', { steps, completedAt: '2026-01-01T10:05:00Z' }));
    const host = harness.routeNativeElement as HTMLElement;
    expect(FakeEventSource.opened).toHaveLength(0);
    expect(['G1', 'G2', 'G3'].map((gate) => status(host, gate))).toEqual(['passed', 'passed', 'passed']);
    expect(host.querySelector('[data-testid=elapsed]')?.textContent).toContain('4:59');
  });
});
