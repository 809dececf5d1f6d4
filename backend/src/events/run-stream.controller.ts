import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/authenticated.decorator';
import type { AuthenticatedRequest, AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { Public } from '../common/auth/public.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { UuidParam } from '../common/validation/uuid-param.pipe';
import { RunAccessService } from '../runs/run-access.service';
import { lastEventIdOf } from './last-event-id';
import { RunStreamService } from './run-stream.service';
import { ApiEventStream } from './sse-docs.decorator';
import type { SseResponse } from './sse-writer';
import { StreamAuthGuard } from './stream-auth.guard';
import { CountedByRouteGuard } from '../rate-limit/counted-by-route-guard.decorator';
import { RenewStreamTokenDto, StreamTokenDto } from './stream-token.dto';
import { ApiException, unauthorized } from '../common/errors/api.exception';
import { UsersService } from '../users/users.service';
import { StreamTokenService } from './stream-token.service';

@ApiTags('Runs')
@Controller('runs')
export class RunStreamController {
  constructor(
    private readonly access: RunAccessService,
    private readonly streams: RunStreamService,
    private readonly tokens: StreamTokenService,
    private readonly users: UsersService,
  ) {}

  @Post(':id/stream-token')
  @HttpCode(201)
  @Authenticated()
  @ApiOperation({ operationId: 'Runs_createStreamToken', summary: 'A one-minute token for this run’s event stream (EventSource cannot send headers)' })
  @ApiCreatedResponse({ type: StreamTokenDto })
  @ApiErrorResponses(400, 404)
  async streamToken(@Param('id', UuidParam('id')) id: string, @CurrentUser() user: AuthenticatedUser): Promise<StreamTokenDto> {
    await this.access.assertCanSee(user, id);
    return this.issue(user.id, id);
  }

  @Post(':id/stream-token/renew')
  @HttpCode(201)
  @Public()
  @ApiOperation({
    operationId: 'Runs_renewStreamToken',
    summary: 'Trade a (recently expired) stream token for a new one, to reconnect without a session',
    description:
      'For a page that holds only a stream token: after a drop, renew it here, then reconnect to the new `stream_url` ' +
      'with `&last_event_id=<last id applied>`. Accepts a token for this run that is valid or expired within ' +
      'STREAM_TOKEN_RENEW_WINDOW_SECONDS; access is checked again (a disabled account or a run no longer visible is refused).',
  })
  @ApiCreatedResponse({ type: StreamTokenDto })
  @ApiErrorResponses(400, 401, 404)
  async renewStreamToken(@Param('id', UuidParam('id')) id: string, @Body() body: RenewStreamTokenDto): Promise<StreamTokenDto> {
    const userId = this.tokens.renewable(body.token, { kind: 'run', runId: id });
    const user = userId ? await this.users.findById(userId) : null;
    if (!user) throw unauthorized('The stream token is invalid, for another run, or expired too long ago; sign in for a new one.', 'INVALID_STREAM_TOKEN');
    if (user.disabled) throw new ApiException(401, 'ACCOUNT_DISABLED', 'This account is disabled.');
    await this.access.assertCanSee({ id: user.id, email: user.email, role: user.role, via: 'jwt' }, id);
    return this.issue(user.id, id);
  }

  private issue(userId: string, runId: string): StreamTokenDto {
    const { token, expiresAt } = this.tokens.issue(userId, { kind: 'run', runId });
    return { token, expires_at: expiresAt.toISOString(), stream_url: `/api/runs/${runId}/stream?token=${encodeURIComponent(token)}` };
  }

  @Get(':id/stream')
  @Public()
  @CountedByRouteGuard()
  @UseGuards(StreamAuthGuard)
  @ApiOperation({ operationId: 'Runs_stream', summary: 'Live events of a run (SSE), replaying what the client missed' })
  @ApiNoContentResponse({ description: 'The run has finished and nothing follows Last-Event-ID: the stream is over (EventSource stops reconnecting).' })
  @ApiEventStream('Replays the run’s events after Last-Event-ID, then follows it live; closes after run_completed, run_failed or run_cancelled.')
  @ApiErrorResponses(400, 404)
  async stream(
    @Param('id', UuidParam('id')) id: string,
    @Headers('last-event-id') lastEventHeader: string | undefined,
    @Query('last_event_id') lastEventQuery: unknown,
    @Req() request: AuthenticatedRequest,
    @Res() response: SseResponse,
  ): Promise<void> {
    const user = request.user!;
    await this.access.assertCanSee(user, id);
    const afterId = lastEventIdOf(lastEventHeader, lastEventQuery);
    await this.streams.streamRun(id, response, { afterId, includeAdminEvents: user.role === 'admin' });
  }
}
