import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AuditContext } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { ApiException } from '../common/errors/api.exception';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/app-config.module';
import { MailerService } from '../mail/mailer.service';
import { UsersRepository } from '../users/users.repository';
import { UsersService } from '../users/users.service';
import { PasswordResetTokensRepository } from './password-reset-tokens.repository';
import { PasswordService } from './password.service';
import { digestsEqual, randomSecret, sha256Hex } from './secret-hashing';
import { SessionsService } from './sessions.service';
import { LocalPasswordPolicy } from './sso/local-password.policy';

export const FORGOT_PASSWORD_ANSWER = 'If an account exists for this address, we have sent it a link to choose a new password.';

const invalidResetToken = () =>
  new ApiException(400, 'INVALID_RESET_TOKEN', 'This reset link is invalid, has expired or was already used. Ask for a new one.');

/** "Forgot password": an emailed single-use link, then a new password through it. */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger(PasswordResetService.name);

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly usersService: UsersService,
    private readonly users: UsersRepository,
    private readonly tokens: PasswordResetTokensRepository,
    private readonly passwords: PasswordService,
    private readonly sessions: SessionsService,
    private readonly mailer: MailerService,
    private readonly audit: AuditService,
    private readonly localPasswords: LocalPasswordPolicy,
  ) {}

  /**
   * Sends a reset link when the address belongs to an enabled account. The caller answers the same either way,
   * and the mail goes out in the background so the response time does not tell either.
   */
  async request(email: string): Promise<void> {
    const user = await this.usersService.findByEmail(email);
    // No link for an account that signs in only through single sign-on: the answer stays the same.
    if (!user || user.disabled || !(await this.localPasswords.allows(user))) return;
    const id = randomUUID();
    const secret = randomSecret(32);
    const ttlMinutes = this.config.auth.passwordResetTtlMinutes;
    await this.tokens.create({ id, userId: user.id, tokenHash: sha256Hex(secret), expiresAt: new Date(Date.now() + ttlMinutes * 60_000) });
    const link = `${this.config.publicAppUrl}/reset-password?token=${encodeURIComponent(`${id}.${secret}`)}`;
    void this.deliver(user.email, link, ttlMinutes);
  }

  /** Sets a new password through a link: single use, ends every session of the user. */
  async reset(token: string, newPassword: string, context: AuditContext): Promise<void> {
    const [id, secret] = token.split('.');
    const stored = await this.tokens.findById(id);
    if (!stored || !digestsEqual(stored.tokenHash, sha256Hex(secret ?? ''))) throw invalidResetToken();
    const user = await this.users.findById(stored.userId);
    if (!user || user.disabled) throw invalidResetToken();
    const hash = await this.passwords.hash(newPassword);
    await this.users.transaction(async (manager) => {
      if (!(await this.tokens.consume(stored.id, manager))) throw invalidResetToken();
      await this.tokens.invalidateAllForUser(user.id, manager);
      await this.users.setPassword(user.id, hash, false, manager);
      await this.sessions.revokeAllForUser(user.id, 'password_reset', manager);
      await this.audit.record(
        { ...context, actor: { id: user.id, email: user.email } },
        { action: 'user.password_reset_by_link', target: { type: 'user', id: user.id, label: user.email } },
        manager,
      );
    });
  }

  private async deliver(to: string, link: string, ttlMinutes: number): Promise<void> {
    try {
      const sent = await this.mailer.send({
        to,
        subject: 'Choose a new Esy password',
        text: [
          'Someone (hopefully you) asked to reset the password of your Esy account.',
          '',
          `Choose a new password here within ${ttlMinutes} minutes (the link works once):`,
          link,
          '',
          'If you did not ask for this, ignore this email: your password stays as it is.',
        ].join('\n'),
      });
      // No mail server configured: the operator can pass the link on (README, "Email").
      if (!sent) this.logger.warn(`SMTP is not configured; password reset link for ${to}: ${link}`);
    } catch (error) {
      this.logger.error(`Could not send the password reset email to ${to}: ${(error as Error).message}`);
    }
  }
}
