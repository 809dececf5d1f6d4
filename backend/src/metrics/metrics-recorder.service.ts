import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type ProcessRole = 'api' | 'worker';

/** Gate outcomes as the run events name them. */
export type GateOutcome = 'passed' | 'warning' | 'failed' | 'skipped' | 'approved';

export interface ModelCallObservation {
  model: string;
  provider: string;
  seconds: number;
  /** `ok`, or the failure kind (rate_limited, timeout, …). */
  result: string;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

const SECONDS_FAST = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const SECONDS_SLOW = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200];

/**
 * Every Prometheus series of this process, in one registry of its own (so several apps in one test process never
 * collide on the global registry). Others record through the small methods below; the names are documented in
 * the root README (Self-hosting → Metrics).
 */
@Injectable()
export class MetricsRecorder {
  readonly registry = new Registry();

  private readonly httpDuration = new Histogram({
    name: 'esy_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status code.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: SECONDS_FAST,
    registers: [this.registry],
  });

  private readonly queueWait = new Histogram({
    name: 'esy_queue_wait_seconds',
    help: 'Time a gate-attempt job waited in the queue before a worker started it.',
    buckets: SECONDS_SLOW,
    registers: [this.registry],
  });

  private readonly gateDuration = new Histogram({
    name: 'esy_gate_duration_seconds',
    help: 'Duration of finished gate attempts by gate and outcome.',
    labelNames: ['gate', 'outcome'] as const,
    buckets: SECONDS_SLOW,
    registers: [this.registry],
  });

  private readonly gateOutcomes = new Counter({
    name: 'esy_gate_outcomes_total',
    help: 'Finished gate attempts by gate and outcome (passed, warning, failed, skipped, approved by an operator).',
    labelNames: ['gate', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly gateRetries = new Counter({
    name: 'esy_gate_retries_total',
    help: 'Gate attempts scheduled again after a failure.',
    labelNames: ['gate'] as const,
    registers: [this.registry],
  });

  private readonly failCodes = new Counter({
    name: 'esy_gate_fail_codes_total',
    help: 'Fail codes of failed or warning gate attempts (errors by kind).',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  private readonly runsFinished = new Counter({
    name: 'esy_runs_finished_total',
    help: 'Runs that reached a final state, by status.',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  private readonly runsStarted = new Counter({
    name: 'esy_runs_started_total',
    help: 'Runs that started executing.',
    registers: [this.registry],
  });

  private readonly modelLatency = new Histogram({
    name: 'esy_model_call_duration_seconds',
    help: 'Model call latency (retries and fallbacks included) by serving model and provider.',
    labelNames: ['model', 'provider', 'result'] as const,
    buckets: SECONDS_SLOW,
    registers: [this.registry],
  });

  private readonly modelTokens = new Counter({
    name: 'esy_model_tokens_total',
    help: 'Tokens sent to and received from models, by model, provider and direction (in, out).',
    labelNames: ['model', 'provider', 'direction'] as const,
    registers: [this.registry],
  });

  private readonly modelCost = new Counter({
    name: 'esy_model_cost_usd_total',
    help: 'Model spend in USD by model and provider (priced by the model that served the call).',
    labelNames: ['model', 'provider'] as const,
    registers: [this.registry],
  });

  private defaultsOn = false;

  /** Process metrics (CPU, memory, event loop lag) and a `service` label on every series. */
  enableProcessMetrics(role: ProcessRole): void {
    if (this.defaultsOn) return;
    this.defaultsOn = true;
    this.registry.setDefaultLabels({ service: `esy-${role}` });
    collectDefaultMetrics({ register: this.registry, prefix: 'esy_' });
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  observeQueueWait(seconds: number): void {
    this.queueWait.observe(Math.max(0, seconds));
  }

  recordGateOutcome(gate: string, outcome: GateOutcome, durationMs: number | null): void {
    this.gateOutcomes.inc({ gate, outcome });
    if (durationMs !== null && Number.isFinite(durationMs)) this.gateDuration.observe({ gate, outcome }, durationMs / 1000);
  }

  recordGateRetry(gate: string): void {
    this.gateRetries.inc({ gate });
  }

  recordFailCodes(codes: readonly string[]): void {
    for (const code of codes) this.failCodes.inc({ code });
  }

  recordRunStarted(): void {
    this.runsStarted.inc();
  }

  recordRunFinished(status: 'completed' | 'failed' | 'cancelled'): void {
    this.runsFinished.inc({ status });
  }

  observeModelCall(call: ModelCallObservation): void {
    const { model, provider } = call;
    this.modelLatency.observe({ model, provider, result: call.result }, call.seconds);
    if (call.tokensIn > 0) this.modelTokens.inc({ model, provider, direction: 'in' }, call.tokensIn);
    if (call.tokensOut > 0) this.modelTokens.inc({ model, provider, direction: 'out' }, call.tokensOut);
    if (call.costUsd > 0) this.modelCost.inc({ model, provider }, call.costUsd);
  }

  /**
   * A gauge read when Prometheus scrapes (queue depth, open streams). `read` returns label values → number; a
   * failing read leaves the gauge empty for that scrape rather than failing the whole scrape.
   */
  gauge(name: string, help: string, labelNames: string[], read: () => Promise<Array<[Record<string, string>, number]>> | Array<[Record<string, string>, number]>): void {
    if (this.registry.getSingleMetric(name)) return;
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          for (const [labels, value] of await read()) this.set(labels, value);
        } catch {
          // Unreachable dependency: no sample this scrape.
        }
      },
    });
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
