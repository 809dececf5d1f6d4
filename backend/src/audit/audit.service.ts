import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuditContext } from './audit-context';
import { type AuditQuery, AuditRepository } from './audit.repository';
import type { AuditEvent } from './entities/audit-event.entity';

export interface AuditChange {
  /** `<thing>.<verb>`: `user.role_changed`, `provider.credentials_updated`, `webhook.created`, … */
  action: string;
  target?: { type: string; id?: string | null; label?: string | null };
  /** Short summaries of what changed. Never secrets: name a key ("api_key": "set"), do not copy it. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/**
 * The one way to write the audit log. Call it from the service that makes the change, with the `AuditContext`
 * from the controller (`@Audit()`), and pass the transaction's EntityManager when there is one, so the record
 * and the change commit together.
 */
@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  record(context: AuditContext, change: AuditChange, manager?: EntityManager): Promise<void> {
    return this.repository.insert(
      {
        actorId: context.actor?.id ?? null,
        actorEmail: context.actor?.email ?? null,
        action: change.action,
        targetType: change.target?.type ?? null,
        targetId: change.target?.id ?? null,
        targetLabel: change.target?.label ?? null,
        before: change.before ?? null,
        after: change.after ?? null,
        ip: context.ip,
        requestId: context.requestId,
      },
      manager,
    );
  }

  find(query: AuditQuery): Promise<AuditEvent[]> {
    return this.repository.find(query);
  }
}

/** Only the fields whose value differs, as `{ before, after }` summaries. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T): { before: Partial<T>; after: Partial<T> } {
  const keys = Object.keys(after).filter((key) => after[key] !== undefined && JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  return {
    before: Object.fromEntries(keys.map((key) => [key, before[key]])) as Partial<T>,
    after: Object.fromEntries(keys.map((key) => [key, after[key]])) as Partial<T>,
  };
}

/** Fields that hold secrets: recorded as "set" or "removed", never as their value. */
const SECRET_FIELDS = /(^|_)(api_key|key|secret|password|token)$/i;

/** A request body as an audit summary: secrets replaced by "set"/"removed", long texts shortened. */
export function summarizeBody(body: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(body)
      .filter(([, value]) => value !== undefined)
      .map(([field, value]) => {
        if (SECRET_FIELDS.test(field)) return [field, value === null || value === '' ? 'removed' : 'set'];
        if (typeof value === 'string' && value.length > 200) return [field, `${value.slice(0, 200)}…`];
        // Whole documents (schemas, stages) would bury the summary: say that they changed.
        if (typeof value === 'object' && value !== null && JSON.stringify(value).length > 500) return [field, '(changed)'];
        return [field, value];
      }),
  );
}
