import { Controller, Get, Headers, HttpCode, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/authenticated.decorator';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { Public } from '../common/auth/public.decorator';
import { Roles } from '../common/auth/roles.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { lastEventIdOf } from './last-event-id';
import { RunStreamService } from './run-stream.service';
import { ApiEventStream } from './sse-docs.decorator';
import type { SseResponse } from './sse-writer';
import { StreamAuthGuard } from './stream-auth.guard';
import { CountedByRouteGuard } from '../rate-limit/counted-by-route-guard.decorator';
import { StreamTokenDto } from './stream-token.dto';
import { StreamTokenService } from './stream-token.service';

/** Every run's events for the operator console. Not @AdminController: the stream authenticates itself. */
@ApiTags('Admin: runs')
@Controller('admin/events')
export class AdminEventsController {
  constructor(
    private readonly streams: RunStreamService,
    private readonly tokens: StreamTokenService,
  ) {}

  @Post('stream-token')
  @HttpCode(201)
  @Roles('admin')
  @Authenticated()
  @ApiOperation({ operationId: 'AdminEvents_createStreamToken', summary: 'A one-minute token for the all-runs event stream' })
  @ApiCreatedResponse({ type: StreamTokenDto })
  @ApiErrorResponses(403)
  streamToken(@CurrentUser() user: AuthenticatedUser): StreamTokenDto {
    const { token, expiresAt } = this.tokens.issue(user.id, { kind: 'admin-events' });
    return { token, expires_at: expiresAt.toISOString(), stream_url: `/api/admin/events?token=${encodeURIComponent(token)}` };
  }

  @Get()
  @Public()
  @CountedByRouteGuard()
  @UseGuards(StreamAuthGuard)
  @ApiOperation({ operationId: 'AdminEvents_stream', summary: 'Live events of every run (SSE, administrators)' })
  @ApiEventStream('Follows every run live; with Last-Event-ID, first replays up to 2000 events after it. Stays open.')
  @ApiErrorResponses(400, 403)
  async stream(
    @Headers('last-event-id') lastEventHeader: string | undefined,
    @Query('last_event_id') lastEventQuery: unknown,
    @Res() response: SseResponse,
  ): Promise<void> {
    await this.streams.streamAll(response, { afterId: lastEventIdOf(lastEventHeader, lastEventQuery), includeAdminEvents: true });
  }
}
