import { getQueueToken } from '@nestjs/bull';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import {
  costOfResponse,
  ModelCallError,
  type ModelChoiceRequest,
  type ModelResolver,
  type RunEventType,
} from '@esy/orchestration';
import type { Job, Queue } from 'bull';
import { GATE_ATTEMPTS_QUEUE, type GateAttemptJob } from '../engine/bull-job-queue';
import { RUN_ENGINE, type RunEngine } from '../engine/run-engine';
import { MetricsRecorder } from '../metrics/metrics-recorder.service';

/** Queue states that hold jobs (finished jobs are removed at once, see BullJobQueue). */
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'paused'] as const;

/**
 * Feeds the metrics from the engine without touching its internals: a listener of the engine's event sink (every
 * committed gate outcome) and a wrapped model resolver (every model call passes through its adapters), and
 * the Bull queue is observed (depth at scrape time, wait time when this process starts a job). Each event and call
 * happens in exactly one process, so summing a series over all processes counts each once.
 */
@Injectable()
export class EngineMetricsHooks implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRecorder,
    @Inject(RUN_ENGINE) private readonly engine: RunEngine,
    @Inject(getQueueToken(GATE_ATTEMPTS_QUEUE)) private readonly queue: Queue<GateAttemptJob>,
  ) {}

  onModuleInit(): void {
    const deps = this.engine.deps;
    this.engine.events.addListener((_runId, type, payload) => recordEvent(this.metrics, type, payload));
    deps.models = this.observedModels(deps.models);

    this.queue.on('active', (job: Job<GateAttemptJob>) => this.metrics.observeQueueWait((Date.now() - job.timestamp) / 1000));
    this.metrics.gauge('esy_queue_jobs', 'Gate-attempt jobs in the queue by state (the same for every process: aggregate with max).', ['state'], async () => {
      const counts = (await this.queue.getJobCounts()) as unknown as Record<string, number>;
      return QUEUE_STATES.map((state) => [{ state }, counts[state] ?? 0]);
    });
  }

  private observedModels(inner: ModelResolver): ModelResolver {
    const metrics = this.metrics;
    return {
      async choose(request: ModelChoiceRequest) {
        const choice = await inner.choose(request);
        const adapter = choice.adapter;
        return {
          ...choice,
          adapter: {
            provider: adapter.provider,
            async complete(modelRequest) {
              const began = performance.now();
              try {
                const response = await adapter.complete(modelRequest);
                const served = response.servedBy ?? modelRequest.model;
                metrics.observeModelCall({
                  model: served.id,
                  provider: response.simulated ? 'simulator' : served.provider,
                  seconds: (performance.now() - began) / 1000,
                  result: 'ok',
                  tokensIn: response.usage.inputTokens,
                  tokensOut: response.usage.outputTokens,
                  costUsd: Number(costOfResponse(response, modelRequest.model).totalUsd),
                });
                return response;
              } catch (error) {
                metrics.observeModelCall({
                  model: modelRequest.model.id,
                  provider: modelRequest.model.provider,
                  seconds: (performance.now() - began) / 1000,
                  result: error instanceof ModelCallError ? error.kind : 'error',
                  tokensIn: 0,
                  tokensOut: 0,
                  costUsd: 0,
                });
                throw error;
              }
            },
          },
        };
      },
    };
  }
}

function recordEvent(metrics: MetricsRecorder, type: RunEventType, payload: Record<string, unknown>): void {
  const gate = typeof payload.gate_id === 'string' ? payload.gate_id : 'unknown';
  const failCodes = Array.isArray(payload.fail_codes) ? payload.fail_codes.filter((code): code is string => typeof code === 'string') : [];
  const duration = typeof payload.duration_ms === 'number' ? payload.duration_ms : null;
  switch (type) {
    case 'gate_passed':
      // An operator's approval also announces gate_passed; it is a decision, not an executed attempt.
      metrics.recordGateOutcome(gate, payload.approved_by ? 'approved' : 'passed', payload.approved_by ? null : duration);
      return;
    case 'gate_warning':
      metrics.recordGateOutcome(gate, 'warning', duration);
      metrics.recordFailCodes(failCodes);
      return;
    case 'gate_failed':
      metrics.recordGateOutcome(gate, 'failed', duration);
      metrics.recordFailCodes(failCodes);
      return;
    case 'gate_skipped':
      metrics.recordGateOutcome(gate, 'skipped', null);
      return;
    case 'gate_retrying':
      metrics.recordGateRetry(gate);
      return;
    case 'run_started':
      metrics.recordRunStarted();
      return;
    case 'run_completed':
      metrics.recordRunFinished('completed');
      return;
    case 'run_failed':
      metrics.recordRunFinished('failed');
      return;
    case 'run_cancelled':
      metrics.recordRunFinished('cancelled');
      return;
    default:
      return;
  }
}
