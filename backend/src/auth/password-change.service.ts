import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AuditContext } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ApiException, notFound } from '../common/errors/api.exception';
import { UsersRepository } from '../users/users.repository';
import { PasswordService } from './password.service';
import { SessionsService } from './sessions.service';

/** A user changing their own password; an administrator handing out a temporary one or ending all sessions. */
@Injectable()
export class PasswordChangeService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
  ) {}

  /** Checks the current password, stores the new one and ends every other session; the caller's stays. */
  async change(caller: AuthenticatedUser, currentPassword: string, newPassword: string, context: AuditContext): Promise<void> {
    if (caller.via !== 'jwt') {
      throw new ApiException(403, 'FORBIDDEN', 'Passwords can only be changed when signed in, not with an API key.');
    }
    const user = await this.users.findById(caller.id);
    if (!user || !(await this.passwords.verify(user.passwordHash, currentPassword))) {
      throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [
        { field: 'current_password', message: 'current_password is incorrect' },
      ]);
    }
    if (currentPassword === newPassword) {
      throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [
        { field: 'new_password', message: 'new_password must differ from the current password' },
      ]);
    }
    const hash = await this.passwords.hash(newPassword);
    await this.users.transaction(async (manager) => {
      await this.users.setPassword(user.id, hash, false, manager);
      await this.sessions.revokeOthers(user.id, caller.sessionId, 'password_changed', manager);
      await this.audit.record(context, { action: 'user.password_changed', target: { type: 'user', id: user.id, label: user.email } }, manager);
    });
  }

  /**
   * Administrator reset: a generated temporary password that only allows choosing a new one at the next sign-in.
   * Every session of the user ends now.
   */
  async resetByAdmin(userId: string, context: AuditContext): Promise<string> {
    const user = await this.users.findById(userId);
    if (!user) throw notFound('User');
    const temporary = randomBytes(12).toString('base64url');
    const hash = await this.passwords.hash(temporary);
    await this.users.transaction(async (manager) => {
      await this.users.setPassword(user.id, hash, true, manager);
      await this.sessions.revokeAllForUser(user.id, 'password_reset', manager);
      await this.audit.record(
        context,
        { action: 'user.password_reset', target: { type: 'user', id: user.id, label: user.email }, after: { must_change_password: true } },
        manager,
      );
    });
    return temporary;
  }

  /** Administrator: end every session of a user now. */
  async endAllSessions(userId: string, context: AuditContext): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user) throw notFound('User');
    await this.users.transaction(async (manager) => {
      await this.sessions.revokeAllForUser(user.id, 'ended_by_admin', manager);
      await this.audit.record(context, { action: 'user.sessions_ended', target: { type: 'user', id: user.id, label: user.email } }, manager);
    });
  }
}
