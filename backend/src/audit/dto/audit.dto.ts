import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsDateString, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { OptionalField } from '../../common/validation/presence.decorators';
import { PageLimit } from '../../common/validation/pagination.decorators';
import type { AuditEvent } from '../entities/audit-event.entity';

export class ListAuditQueryDto {
  @ApiPropertyOptional({ example: 'user.updated', description: 'Exact action, or a prefix ending in `.` (`user.`).' })
  @OptionalField()
  @IsString()
  @Matches(/^[a-z_]+(\.[a-z_]*)?$/, { message: 'action must look like user.updated or user.' })
  @MaxLength(80)
  action?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only what this user did.' })
  @OptionalField()
  @IsUUID('all', { message: 'actor_id must be a UUID' })
  actor_id?: string;

  @ApiPropertyOptional({ example: 'user' })
  @OptionalField()
  @IsString()
  @Matches(/^[a-z_]{1,40}$/, { message: 'target_type must be a word such as user or template' })
  target_type?: string;

  @ApiPropertyOptional({ description: 'Only events about this object (user id, model id, …).' })
  @OptionalField()
  @IsString()
  @MaxLength(200)
  target_id?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'From this time (inclusive).' })
  @OptionalField()
  @IsDateString({}, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Before this time (exclusive).' })
  @OptionalField()
  @IsDateString({}, { message: 'to must be an ISO 8601 date-time' })
  to?: string;

  @ApiPropertyOptional({ description: '`next_cursor` of the previous page.' })
  @OptionalField()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @PageLimit(50, 500)
  limit: number = 50;
}

@ApiSchema({ name: 'AuditEvent' })
export class AuditEventDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) actor_id: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'As it was when the event happened.' }) actor_email: string | null;
  @ApiProperty({ example: 'user.updated' }) action: string;
  @ApiProperty({ type: String, nullable: true }) target_type: string | null;
  @ApiProperty({ type: String, nullable: true }) target_id: string | null;
  @ApiProperty({ type: String, nullable: true }) target_label: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) before: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) after: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) ip: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'X-Request-Id of the request, to find its log lines.' }) request_id: string | null;

  static from(event: AuditEvent): AuditEventDto {
    return {
      id: event.id,
      created_at: event.createdAt.toISOString(),
      actor_id: event.actorId,
      actor_email: event.actorEmail,
      action: event.action,
      target_type: event.targetType,
      target_id: event.targetId,
      target_label: event.targetLabel,
      before: event.before,
      after: event.after,
      ip: event.ip,
      request_id: event.requestId,
    };
  }
}

@ApiSchema({ name: 'AuditEventPage' })
export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto], description: 'Newest first.' }) events: AuditEventDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next (older) page; null at the end.' })
  next_cursor: string | null;
  @ApiProperty({ description: 'Whether older events follow this page (then `next_cursor` is set).' }) has_more: boolean;
}
