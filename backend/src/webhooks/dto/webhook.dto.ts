import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, MaxLength } from 'class-validator';
import { OptionalField } from '../../common/validation/presence.decorators';
import { PageCursor, PageLimit, PageOffset } from '../../common/validation/pagination.decorators';
import { CursorPageDto } from '../../common/pagination/cursor-page.dto';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../webhook-events';
import type { DeliveryRow, WebhookRow } from '../webhooks.repository';

@ApiSchema({ name: 'CreateWebhookRequest' })
export class CreateWebhookDto {
  @ApiProperty({ format: 'uri', maxLength: 2000, example: 'https://example.com/esy-events', description: 'http(s) only.' })
  @IsString()
  @MaxLength(2000)
  url: string;

  @ApiProperty({ type: [String], enum: WEBHOOK_EVENTS, description: 'Run events to receive (of your runs; administrators: all runs).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events: WebhookEvent[];

  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalField()
  @IsString()
  @MaxLength(200)
  description?: string;
}

@ApiSchema({ name: 'Webhook' })
export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) user_id: string;
  @ApiProperty() url: string;
  @ApiProperty({ type: [String], enum: WEBHOOK_EVENTS }) events: string[];
  @ApiProperty({ type: String, nullable: true }) description: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;

  static from(row: WebhookRow): WebhookDto {
    return { id: row.id, user_id: row.user_id, url: row.url, events: row.events, description: row.description, created_at: row.created_at.toISOString() };
  }
}

@ApiSchema({ name: 'CreatedWebhook' })
export class CreatedWebhookDto extends WebhookDto {
  @ApiProperty({ description: 'The signing secret, shown only in this response. Verify `Esy-Signature` with it.', example: 'whsec_…' })
  secret: string;
}

@ApiSchema({ name: 'WebhookList' })
export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] }) webhooks: WebhookDto[];
}

@ApiSchema({ name: 'WebhookDelivery' })
export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The `Esy-Event-Id` header: the same for every retry of this delivery.' }) event_id: string;
  @ApiProperty({ example: 'run_completed' }) event_type: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) run_id: string | null;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'], description: 'pending: being delivered or waiting for a retry.' }) status: string;
  @ApiProperty({ type: 'integer' }) attempts: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'HTTP status of the last attempt (null: no answer).' }) last_status_code: number | null;
  @ApiProperty({ type: String, nullable: true }) last_error: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) last_attempt_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) delivered_at: string | null;

  static from(row: DeliveryRow): WebhookDeliveryDto {
    return {
      id: row.id,
      event_id: row.event_id,
      event_type: row.event_type,
      run_id: row.run_id,
      status: row.status,
      attempts: row.attempts,
      last_status_code: row.last_status_code,
      last_error: row.last_error,
      created_at: row.created_at.toISOString(),
      last_attempt_at: row.last_attempt_at?.toISOString() ?? null,
      delivered_at: row.delivered_at?.toISOString() ?? null,
    };
  }
}

@ApiSchema({ name: 'WebhookDeliveryList' })
export class WebhookDeliveryListDto extends CursorPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto], description: 'Newest first.' }) deliveries: WebhookDeliveryDto[];
}

@ApiSchema({ name: 'ListWebhookDeliveriesQuery' })
export class ListDeliveriesQueryDto {
  @PageLimit(50, 200)
  limit: number = 50;

  @PageOffset()
  offset: number = 0;

  @PageCursor()
  cursor?: string;
}
