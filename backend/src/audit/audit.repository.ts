import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { AuditEvent } from './entities/audit-event.entity';

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'createdAt'>;

export interface AuditQuery {
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  /** Continue after this event (newest first). */
  afterId?: string;
  limit: number;
}

/** Data access for the append-only audit log: insert and read, nothing else. */
@Injectable()
export class AuditRepository {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  async insert(event: NewAuditEvent, manager?: EntityManager): Promise<void> {
    // The jsonb summaries are plain values; TypeORM's deep-partial type cannot express `unknown`.
    await (manager ?? this.events.manager).insert(AuditEvent, event as never);
  }

  /** Newest first; ties on the timestamp are ordered by id so the cursor never skips or repeats a row. */
  find(query: AuditQuery): Promise<AuditEvent[]> {
    const builder = this.events.createQueryBuilder('e');
    if (query.action?.endsWith('.')) builder.andWhere('e.action LIKE :prefix', { prefix: `${query.action}%` });
    else if (query.action) builder.andWhere('e.action = :action', { action: query.action });
    if (query.actorId) builder.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.targetType) builder.andWhere('e.target_type = :targetType', { targetType: query.targetType });
    if (query.targetId) builder.andWhere('e.target_id = :targetId', { targetId: query.targetId });
    if (query.from) builder.andWhere('e.created_at >= :from', { from: query.from });
    if (query.to) builder.andWhere('e.created_at < :to', { to: query.to });
    if (query.afterId) {
      // Compared in the database, at full (microsecond) precision: a cursor never skips or repeats a row.
      builder.andWhere('(e.created_at, e.id) < (SELECT c.created_at, c.id FROM audit_events c WHERE c.id = :afterId)', { afterId: query.afterId });
    }
    return builder.orderBy('e.created_at', 'DESC').addOrderBy('e.id', 'DESC').take(query.limit).getMany();
  }
}
