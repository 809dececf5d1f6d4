import { Body, Controller, Get, Inject, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/authenticated.decorator';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { PG, type Pg } from '../database/pg';
import { MailerService } from '../mail/mailer.service';
import { NotificationSettingsDto, NotificationSettingsViewDto } from './dto/notification-settings.dto';

@ApiTags('Notifications')
@Controller('me/notification-settings')
export class NotificationSettingsController {
  constructor(
    @Inject(PG) private readonly pg: Pg,
    private readonly mailer: MailerService,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({ operationId: 'Me_getNotificationSettings', summary: 'How the caller is told about their runs' })
  @ApiOkResponse({ type: NotificationSettingsViewDto })
  @ApiErrorResponses(401)
  async get(@CurrentUser() user: AuthenticatedUser): Promise<NotificationSettingsViewDto> {
    const { rows } = await this.pg.query<{ email_run_updates: boolean }>('SELECT email_run_updates FROM users WHERE id = $1', [user.id]);
    return { email_run_updates: rows[0]?.email_run_updates === true, email_available: this.mailer.configured };
  }

  @Put()
  @Authenticated()
  @ApiOperation({ operationId: 'Me_updateNotificationSettings', summary: 'Turn run emails (paused, completed, failed) on or off' })
  @ApiOkResponse({ type: NotificationSettingsViewDto })
  @ApiErrorResponses(400, 401)
  async update(@CurrentUser() user: AuthenticatedUser, @Body() body: NotificationSettingsDto): Promise<NotificationSettingsViewDto> {
    await this.pg.query('UPDATE users SET email_run_updates = $2, updated_at = now() WHERE id = $1', [user.id, body.email_run_updates]);
    return { email_run_updates: body.email_run_updates, email_available: this.mailer.configured };
  }
}
