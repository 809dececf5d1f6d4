import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type EntityManager, Repository } from 'typeorm';
import { AuditEvent } from './entities/audit-event.entity';

export type NewAuditEvent = Omit<AuditEvent, 'id' | 'createdAt'>;

export interface AuditQuery {
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  /** Continue after this (created_at, id), newest first. */
  after?: { createdAt: Date; id: string };
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
    if (query.action) builder.andWhere('e.action = :action', { action: query.action });
    if (query.actorId) builder.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.targetType) builder.andWhere('e.target_type = :targetType', { targetType: query.targetType });
    if (query.targetId) builder.andWhere('e.target_id = :targetId', { targetId: query.targetId });
    if (query.from) builder.andWhere('e.created_at >= :from', { from: query.from });
    if (query.to) builder.andWhere('e.created_at < :to', { to: query.to });
    if (query.after) {
      const { createdAt, id } = query.after;
      builder.andWhere(
        new Brackets((w) =>
          w.where('e.created_at < :cursorAt', { cursorAt: createdAt }).orWhere('e.created_at = :cursorAt AND e.id < :cursorId', { cursorId: id }),
        ),
      );
    }
    return builder.orderBy('e.created_at', 'DESC').addOrderBy('e.id', 'DESC').take(query.limit).getMany();
  }

  /** The latest event of an action for each target id (e.g. who last changed each setting). */
  async latestFor(action: string, targetIds: string[]): Promise<Map<string, AuditEvent>> {
    if (!targetIds.length) return new Map();
    const rows = await this.events
      .createQueryBuilder('e')
      .distinctOn(['e.target_id'])
      .where('e.action = :action AND e.target_id IN (:...targetIds)', { action, targetIds })
      .orderBy('e.target_id')
      .addOrderBy('e.created_at', 'DESC')
      .getMany();
    return new Map(rows.map((row) => [row.targetId!, row]));
  }
}
