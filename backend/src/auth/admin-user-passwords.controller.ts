import { Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Audit, type AuditContext } from '../audit/audit-context';
import { AdminController } from '../common/auth/admin-controller.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { UuidParam } from '../common/validation/uuid-param.pipe';
import { TemporaryPasswordDto } from './dto/password.dto';
import { PasswordChangeService } from './password-change.service';

/** Administrator actions on a user's credentials and sessions (the user record itself is in the users module). */
@AdminController('users', 'Admin: users')
export class AdminUserPasswordsController {
  constructor(private readonly passwordChange: PasswordChangeService) {}

  @Post(':id/password-reset')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'AdminUsers_resetPassword',
    summary: 'Give a user a temporary password',
    description: 'Ends all of the user’s sessions. The temporary password is shown once and only lets the user choose a new password at the next sign-in.',
  })
  @ApiOkResponse({ type: TemporaryPasswordDto })
  @ApiErrorResponses(400, 404)
  async resetPassword(@Param('id', UuidParam('id')) id: string, @Audit() audit: AuditContext): Promise<TemporaryPasswordDto> {
    return { temporary_password: await this.passwordChange.resetByAdmin(id, audit) };
  }

  @Delete(':id/sessions')
  @HttpCode(204)
  @ApiOperation({ operationId: 'AdminUsers_endSessions', summary: 'Sign a user out everywhere (API keys are not affected)' })
  @ApiNoContentResponse({ description: 'Every session of the user ended.' })
  @ApiErrorResponses(400, 404)
  async endSessions(@Param('id', UuidParam('id')) id: string, @Audit() audit: AuditContext): Promise<void> {
    await this.passwordChange.endAllSessions(id, audit);
  }
}
