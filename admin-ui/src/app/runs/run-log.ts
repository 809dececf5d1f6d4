import type { GateAttempt, OperatorActionRecord } from '@esy/api-client';

export interface LogEntry {
  at: string;
  icon: string;
  text: string;
  who: string | null;
  reason: string | null;
}

/**
 * The run's story in time order, from what is stored: every attempt's start and outcome and every operator action
 * (who, what, why). Built from the detail record, so it is complete after a reload, not only for events seen live.
 */
export function buildRunLog(attempts: readonly GateAttempt[], actions: readonly OperatorActionRecord[]): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const attempt of attempts) {
    const label = `${attempt.gate_id} attempt ${attempt.attempt_number}`;
    if (attempt.started_at) {
      const trigger = attempt.trigger === 'infra_retry' ? 'infrastructure retry' : attempt.trigger;
      entries.push({ at: attempt.started_at, icon: 'play_arrow', text: `${label} started on ${attempt.model_id ?? 'the routed model'} (${trigger})`, who: null, reason: null });
    }
    if (attempt.completed_at && attempt.status !== 'running') {
      const codes = attempt.fail_codes.length ? ` — ${attempt.fail_codes.join(', ')}` : '';
      if (attempt.infrastructure) {
        const text = `${label} lost to infrastructure${codes} (retried; not counted toward max attempts)`;
        entries.push({ at: attempt.completed_at, icon: 'cloud_off', text, who: null, reason: attempt.status_reason });
        continue;
      }
      const icon = attempt.status === 'failed' ? 'error' : attempt.status === 'skipped' ? 'redo' : 'check_circle';
      entries.push({ at: attempt.completed_at, icon, text: `${label} ${attempt.status}${codes}`, who: null, reason: attempt.status_reason });
    }
  }
  for (const action of actions) {
    const target = action.gate_id ? ` ${action.gate_id}` : ' the run';
    const model = typeof action.details?.['model_id'] === 'string' ? ` on ${action.details['model_id'] as string}` : '';
    entries.push({ at: action.created_at, icon: 'person', text: `Operator: ${action.action}${target}${model}`, who: action.user_email, reason: action.reason });
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}
