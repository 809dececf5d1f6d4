import { Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../common/auth/admin-controller.decorator';
import { ApiException } from '../common/errors/api.exception';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { AuditService } from './audit.service';
import { AuditEventDto, AuditEventPageDto, ListAuditQueryDto } from './dto/audit.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The cursor is the id of the last event of a page, opaque to clients. */
const encodeCursor = (id: string) => Buffer.from(id, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!UUID.test(id)) {
    throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [{ field: 'cursor', message: 'cursor is not a next_cursor from this API' }]);
  }
  return id;
}

@AdminController('audit', 'Admin: audit log')
export class AdminAuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    operationId: 'AdminAudit_list',
    summary: 'Who changed what: administrative changes and sign-in failures, newest first',
    description: 'Filter by action (or `user.` prefix), actor, target and time; page with `next_cursor`.',
  })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiErrorResponses(400)
  async list(@Query() query: ListAuditQueryDto): Promise<AuditEventPageDto> {
    // One extra row says whether another page exists.
    const events = await this.audit.find({
      action: query.action,
      actorId: query.actor_id,
      targetType: query.target_type,
      targetId: query.target_id,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      afterId: query.cursor ? decodeCursor(query.cursor) : undefined,
      limit: query.limit + 1,
    });
    const page = events.slice(0, query.limit);
    return {
      events: page.map(AuditEventDto.from),
      next_cursor: events.length > query.limit ? encodeCursor(page[page.length - 1].id) : null,
      has_more: events.length > query.limit,
    };
  }
}
