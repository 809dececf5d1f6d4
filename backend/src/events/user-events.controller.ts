import { Controller, Get, Headers, HttpCode, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/authenticated.decorator';
import type { AuthenticatedRequest, AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { Public } from '../common/auth/public.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { lastEventIdOf } from './last-event-id';
import { RunStreamService } from './run-stream.service';
import { ApiEventStream } from './sse-docs.decorator';
import type { SseResponse } from './sse-writer';
import { StreamAuthGuard } from './stream-auth.guard';
import { StreamTokenDto } from './stream-token.dto';
import { StreamTokenService } from './stream-token.service';

/** The signed-in user's events across all of their own runs: what the user app's notification centre listens to. */
@ApiTags('Runs')
@Controller('me/events')
export class UserEventsController {
  constructor(
    private readonly streams: RunStreamService,
    private readonly tokens: StreamTokenService,
  ) {}

  @Post('stream-token')
  @HttpCode(201)
  @Authenticated()
  @ApiOperation({ operationId: 'Me_createEventsStreamToken', summary: 'A one-minute token for the stream of the caller’s own runs' })
  @ApiCreatedResponse({ type: StreamTokenDto })
  @ApiErrorResponses(401)
  streamToken(@CurrentUser() user: AuthenticatedUser): StreamTokenDto {
    const { token, expiresAt } = this.tokens.issue(user.id, { kind: 'user-events' });
    return { token, expires_at: expiresAt.toISOString(), stream_url: `/api/me/events?token=${encodeURIComponent(token)}` };
  }

  @Get()
  @Public()
  @UseGuards(StreamAuthGuard)
  @ApiOperation({ operationId: 'Me_events', summary: 'Live events of every run of the caller (SSE; draft test runs never included)' })
  @ApiEventStream('Follows the caller’s own runs live; with Last-Event-ID, first replays up to 500 of their events after it. Stays open.')
  @ApiErrorResponses(400, 401)
  async stream(
    @Headers('last-event-id') lastEventHeader: string | undefined,
    @Query('last_event_id') lastEventQuery: unknown,
    @Req() request: AuthenticatedRequest,
    @Res() response: SseResponse,
  ): Promise<void> {
    await this.streams.streamUser(request.user!.id, response, { afterId: lastEventIdOf(lastEventHeader, lastEventQuery), includeAdminEvents: false });
  }
}
