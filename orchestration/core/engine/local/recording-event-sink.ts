import type { EventSink, RunEventType } from '../ports';

export interface RecordedEvent {
  /** Monotonically increasing, like `run_events.id`. */
  id: number;
  runId: string;
  type: RunEventType;
  payload: Record<string, unknown>;
  at: string;
}

/** Keeps every event in order and tells listeners (the CLI's progress display) as they happen. */
export class RecordingEventSink implements EventSink {
  readonly events: RecordedEvent[] = [];
  private readonly listeners = new Set<(event: RecordedEvent) => void>();
  private nextId = 1;

  constructor(private readonly options: { keepGateOutput?: boolean } = {}) {}

  async publish(runId: string, type: RunEventType, payload: Record<string, unknown>): Promise<void> {
    const event: RecordedEvent = { id: this.nextId++, runId, type, payload: structuredClone(payload), at: new Date().toISOString() };
    if (type !== 'gate_output' || this.options.keepGateOutput !== false) this.events.push(event);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // a broken display must not break the run
      }
    }
  }

  subscribe(listener: (event: RecordedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  ofRun(runId: string): RecordedEvent[] {
    return this.events.filter((e) => e.runId === runId);
  }
}
