import type { RunEventMessage } from '../engine/run-event-message';

/** The parts of Node's response an event stream needs. */
export interface SseResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  flushHeaders?(): void;
  write(chunk: string): boolean;
  end(): void;
  on(event: 'close', listener: () => void): unknown;
  writableEnded?: boolean;
}

/**
 * Writes Server-Sent Events: `id:` (the run_events id; omitted for live-only gate_output), `event:` (the type),
 * `data:` (the message as JSON), and comment lines as heartbeats.
 */
export class SseWriter {
  private closed = false;

  constructor(private readonly response: SseResponse) {}

  open(retryMs = 2000): void {
    this.response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx and similar proxies must pass events through at once.
      'X-Accel-Buffering': 'no',
    });
    this.response.flushHeaders?.();
    this.response.write(`retry: ${retryMs}\n\n`);
  }

  event(message: RunEventMessage): void {
    if (this.closed) return;
    const lines = message.id === null ? [] : [`id: ${message.id}`];
    lines.push(`event: ${message.type}`, `data: ${JSON.stringify(message)}`);
    this.response.write(`${lines.join('\n')}\n\n`);
  }

  comment(text: string): void {
    if (!this.closed) this.response.write(`: ${text}\n\n`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.response.writableEnded) this.response.end();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
