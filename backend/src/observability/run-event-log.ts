import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { RunEventType } from '@esy/orchestration';
import { RUN_ENGINE, type RunEngine } from '../engine/run-engine';
import { withLogContext } from '../logging/log-context';

/** Payload fields worth a log line: ids, outcomes, numbers — never text a model or a person wrote. */
const LOGGED_FIELDS = ['status', 'trigger', 'fail_codes', 'duration_ms', 'tokens_in', 'tokens_out', 'cost_usd', 'simulated', 'escalation', 'action', 'by'] as const;

/**
 * One structured info line per run lifecycle event (run_started, gate_passed, …) in the process that caused it,
 * carrying run_id, gate_id and attempt: an operator can follow a run through the logs of every process. Streamed
 * model text (gate_output) is never logged. A listener of the engine's event sink: told once the event is committed.
 */
@Injectable()
export class RunEventLog implements OnModuleInit {
  private readonly logger = new Logger('RunEvents');

  constructor(@Inject(RUN_ENGINE) private readonly engine: RunEngine) {}

  onModuleInit(): void {
    this.engine.events.addListener((runId, type, payload) => {
      if (type !== 'gate_output') this.log(runId, type, payload);
    });
  }

  private log(runId: string, type: RunEventType, payload: Record<string, unknown>): void {
    const context = {
      run_id: runId,
      ...(typeof payload.gate_id === 'string' ? { gate_id: payload.gate_id } : {}),
      ...(typeof payload.attempt_number === 'number' ? { attempt: payload.attempt_number } : {}),
    };
    const fields: Record<string, unknown> = { event: type };
    for (const key of LOGGED_FIELDS) if (payload[key] !== undefined && payload[key] !== null) fields[key] = payload[key];
    withLogContext(context, () => this.logger.log({ ...fields, msg: type }));
  }
}
