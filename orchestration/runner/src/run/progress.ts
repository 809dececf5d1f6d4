import type { RecordedEvent } from '../../../core/engine/local/recording-event-sink';
import type { WorkflowGateSnapshot } from '../../../core/engine/ports';

type GateState = 'pending' | 'running' | 'passed' | 'warning' | 'failed' | 'skipped' | 'retrying';

interface GateLine {
  gate: string;
  name: string;
  state: GateState;
  attempt: number;
  maxAttempts: number;
  startedAt?: number;
  elapsedMs?: number;
  note?: string;
}

interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

const MARKS: Record<GateState, string> = {
  pending: '○',
  running: '●',
  retrying: '●',
  passed: '✓',
  warning: '✓',
  failed: '✗',
  skipped: '–',
};

/**
 * The live progress of `esy run` on stderr: on a terminal, a block of one line per gate redrawn in place (✓ passed,
 * ● running, ○ waiting, ✗ failed, – skipped) with the elapsed time and the current gate; otherwise one plain line
 * per event, so logs and CI output stay readable.
 */
export class RunProgress {
  private readonly lines: GateLine[];
  private readonly started = Date.now();
  private timer?: NodeJS.Timeout;
  private drawnLines = 0;
  private status = 'running';
  private cost = '0.00';
  private current: string | null = null;

  constructor(
    private readonly out: Stream,
    gates: WorkflowGateSnapshot[],
    private readonly title: string,
    private readonly live = out.isTTY === true,
  ) {
    this.lines = gates.map((gate) => ({ gate: gate.gate, name: gate.name, state: 'pending', attempt: 0, maxAttempts: gate.max_attempts ?? 3 }));
    if (this.live) {
      this.timer = setInterval(() => this.draw(), 120);
      this.timer.unref?.();
      this.draw();
    } else {
      this.out.write(`${this.title}\n`);
    }
  }

  onEvent(event: RecordedEvent): void {
    const payload = event.payload as Record<string, unknown>;
    const line = this.lines.find((l) => l.gate === payload.gate_id);
    const now = Date.now();
    switch (event.type) {
      case 'gate_started':
        if (!line) return;
        Object.assign(line, { state: 'running', attempt: Number(payload.attempt_number), maxAttempts: Number(payload.max_attempts), startedAt: now, note: undefined });
        this.current = line.gate;
        this.plain(`${line.gate} ${line.name}: attempt ${line.attempt}/${line.maxAttempts} started${payload.model_override ? ` on ${payload.model_override}` : ''}`);
        break;
      case 'gate_passed':
      case 'gate_warning':
      case 'gate_failed': {
        if (!line) return;
        const state: GateState = event.type === 'gate_passed' ? 'passed' : event.type === 'gate_warning' ? 'warning' : 'failed';
        line.state = state;
        line.elapsedMs = line.startedAt ? now - line.startedAt : undefined;
        const codes = Array.isArray(payload.fail_codes) && payload.fail_codes.length > 0 ? ` (${(payload.fail_codes as string[]).join(', ')})` : '';
        line.note = state === 'warning' ? 'passed with warnings' : state === 'failed' ? `failed${codes}` : payload.approved_by ? `approved by ${payload.approved_by}` : undefined;
        if (typeof payload.run_cost_usd === 'string') this.cost = payload.run_cost_usd;
        const tokens = Number(payload.tokens_in ?? 0) + Number(payload.tokens_out ?? 0);
        this.plain(`${line.gate} ${line.name}: ${line.note ?? 'passed'}${line.elapsedMs !== undefined ? ` in ${seconds(line.elapsedMs)}` : ''}${tokens ? `, ${tokens} tokens` : ''}${payload.cost_usd ? `, $${payload.cost_usd}` : ''}`);
        break;
      }
      case 'gate_retrying':
        if (!line) return;
        line.state = 'retrying';
        line.note = `retrying (attempt ${payload.attempt_number}/${payload.max_attempts})`;
        this.plain(`${line.gate} ${line.name}: ${line.note}`);
        break;
      case 'gate_skipped':
        if (!line) return;
        line.state = 'skipped';
        line.note = String(payload.reason ?? 'skipped');
        this.plain(`${line.gate} ${line.name}: skipped — ${line.note}`);
        break;
      case 'run_paused':
        this.status = 'paused';
        this.current = null;
        this.plain(`run paused: ${payload.reason}`);
        break;
      case 'run_completed':
        this.status = 'completed';
        this.current = null;
        this.plain('run completed');
        break;
      case 'run_cancelled':
      case 'run_failed':
        this.status = event.type === 'run_cancelled' ? 'cancelled' : 'failed';
        this.current = null;
        this.plain(`run ${this.status}${payload.reason ? `: ${payload.reason}` : ''}`);
        break;
      default:
        return;
    }
    if (this.live) this.draw();
  }

  /** Stops redrawing and leaves the final block on screen. */
  finish(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.live) this.draw();
  }

  private plain(text: string): void {
    if (!this.live) this.out.write(`[${seconds(Date.now() - this.started).padStart(7)}] ${text}\n`);
  }

  private draw(): void {
    const now = Date.now();
    const width = Math.max(40, (this.out.columns || 100) - 1);
    const rows = [truncate(this.title, width)];
    for (const line of this.lines) {
      const elapsed = line.state === 'running' || line.state === 'retrying' ? (line.startedAt ? now - line.startedAt : 0) : line.elapsedMs;
      const attempt = line.attempt > 1 || line.state === 'retrying' ? ` #${line.attempt}` : '';
      const time = elapsed !== undefined ? `  ${seconds(elapsed)}` : '';
      const note = line.note ? `  ${line.note}` : '';
      rows.push(truncate(`  ${MARKS[line.state]} ${line.gate.padEnd(6)} ${line.name}${attempt}${time}${note}`, width));
    }
    rows.push(truncate(`  ${this.status} · ${seconds(now - this.started)} elapsed${this.current ? ` · current ${this.current}` : ''} · $${this.cost}`, width));
    const up = this.drawnLines > 0 ? `\u001b[${this.drawnLines}F` : '';
    this.out.write(`${up}${rows.map((row) => `\u001b[2K${row}`).join('\n')}\n`);
    this.drawnLines = rows.length;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function truncate(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
