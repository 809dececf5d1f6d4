import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/authenticated.decorator';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { notFound } from '../common/errors/api.exception';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { UuidParam } from '../common/validation/uuid-param.pipe';
import { SessionDto, SessionListDto } from './dto/session.dto';
import { SessionsRepository } from './sessions.repository';

@ApiTags('Sessions')
@Authenticated()
@Controller('auth/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsRepository) {}

  @Get()
  @ApiOperation({ operationId: 'Sessions_list', summary: 'Where you are signed in (browser, IP, last used)' })
  @ApiOkResponse({ type: SessionListDto })
  async list(@CurrentUser() user: AuthenticatedUser): Promise<SessionListDto> {
    const sessions = await this.sessions.listActive(user.id);
    return { sessions: sessions.map((session) => SessionDto.from(session, user.sessionId)) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'Sessions_end', summary: 'Sign one of your sessions out (it cannot renew its access token again)' })
  @ApiNoContentResponse({ description: 'Ended.' })
  @ApiErrorResponses(400, 404)
  async end(@Param('id', UuidParam('id')) id: string, @CurrentUser() user: AuthenticatedUser): Promise<void> {
    if (!(await this.sessions.revokeFamily(user.id, id, 'ended_by_user'))) throw notFound('Session');
  }
}
