import type { AuditEvent } from '@esy/api-client';
import type { CsvColumn } from '../data/csv';

/** Action filter choices: a prefix (`user.`) covers a family of actions. */
export const AUDIT_ACTION_FILTERS: readonly { value: string; label: string }[] = [
  { value: '', label: 'Everything' },
  { value: 'user.', label: 'Users and passwords' },
  { value: 'auth.', label: 'Sign-in failures and lockouts' },
  { value: 'settings.', label: 'Settings' },
  { value: 'provider.', label: 'Providers' },
  { value: 'model.', label: 'Models' },
  { value: 'template.', label: 'Templates' },
  { value: 'spec.', label: 'Spec publishing' },
  { value: 'experiment.', label: 'Experiments' },
  { value: 'webhook.', label: 'Webhooks' },
];

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** "role: user → admin; disabled: false → true" — the before/after summaries as one readable line. */
export function describeChange(event: AuditEvent): string {
  const before = event.before ?? {};
  const after = event.after ?? {};
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return fields
    .map((field) => (field in before ? `${field}: ${show(before[field])} → ${show(after[field])}` : `${field}: ${show(after[field])}`))
    .join('; ');
}

export const AUDIT_CSV_COLUMNS: readonly CsvColumn<AuditEvent>[] = [
  { header: 'time', value: (e) => e.created_at },
  { header: 'actor', value: (e) => e.actor_email },
  { header: 'actor_id', value: (e) => e.actor_id },
  { header: 'action', value: (e) => e.action },
  { header: 'target_type', value: (e) => e.target_type },
  { header: 'target_id', value: (e) => e.target_id },
  { header: 'target', value: (e) => e.target_label },
  { header: 'before', value: (e) => e.before },
  { header: 'after', value: (e) => e.after },
  { header: 'ip', value: (e) => e.ip },
  { header: 'request_id', value: (e) => e.request_id },
];
