import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import type { AuditContext } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { ApiException } from '../common/errors/api.exception';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/app-config.module';
import { UserDto } from '../users/dto/user.dto';
import { User } from '../users/entities/user.entity';
import { normalizeEmail, UsersService } from '../users/users.service';
import { AccessTokenService } from './access-token.service';
import type { AuthTokensDto } from './dto/auth-tokens.dto';
import type { LoginDto } from './dto/login.dto';
import type { RegisterDto } from './dto/register.dto';
import { PasswordService } from './password.service';
import { type IssuedRefreshToken, type SessionContext, SessionsService } from './sessions.service';
import { LocalPasswordPolicy } from './sso/local-password.policy';

const invalidCredentials = () => new ApiException(401, 'INVALID_CREDENTIALS', 'The email or password is incorrect.');
const accountDisabled = () => new ApiException(403, 'ACCOUNT_DISABLED', 'This account is disabled.');

const isUniqueViolation = (error: unknown) =>
  error instanceof QueryFailedError && (error as QueryFailedError & { code?: string }).code === '23505';

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly userRepository: Repository<User>,
    @InjectConfig() private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly accessTokens: AccessTokenService,
    private readonly sessions: SessionsService,
    private readonly audit: AuditService,
    private readonly localPasswords: LocalPasswordPolicy,
  ) {}

  async register(dto: RegisterDto, context: SessionContext): Promise<AuthTokensDto> {
    if (!this.config.auth.allowRegistration || (await this.localPasswords.ssoOnlyName()) !== null) {
      throw new ApiException(403, 'REGISTRATION_CLOSED', 'Registration is disabled on this server.');
    }
    const email = normalizeEmail(dto.email);
    if (await this.users.findByEmail(email)) throw this.emailTaken();
    const passwordHash = await this.passwords.hash(dto.password);
    let user: User;
    try {
      user = await this.userRepository.save(
        this.userRepository.create({ email, passwordHash, displayName: dto.display_name ?? null, role: 'user', lastLoginAt: new Date() }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw this.emailTaken();
      throw error;
    }
    return this.tokensFor(user, await this.sessions.start(user.id, context));
  }

  async login(dto: LoginDto, context: SessionContext, audit: AuditContext): Promise<AuthTokensDto> {
    const user = await this.users.findByEmail(dto.email);
    const valid = await this.passwords.verify(user?.passwordHash, dto.password);
    if (!user || !valid || user.disabled) {
      // Recorded under the account tried (if it exists); the email as typed is kept for unknown accounts.
      await this.audit.record(audit, {
        action: 'auth.sign_in_failed',
        target: { type: 'user', id: user?.id ?? null, label: user?.email ?? normalizeEmail(dto.email) },
        after: { reason: !user ? 'unknown_email' : !valid ? 'wrong_password' : 'account_disabled' },
      });
      throw !user || !valid ? invalidCredentials() : accountDisabled();
    }
    const ssoOnly = user.role === 'admin' ? null : await this.localPasswords.ssoOnlyName();
    if (ssoOnly !== null) {
      await this.audit.record(audit, {
        action: 'auth.sign_in_failed',
        target: { type: 'user', id: user.id, label: user.email },
        after: { reason: 'local_passwords_disabled' },
      });
      throw new ApiException(403, 'LOCAL_PASSWORD_DISABLED', `Password sign-in is turned off for this account: use "Sign in with ${ssoOnly}".`);
    }
    user.lastLoginAt = new Date();
    await this.userRepository.update({ id: user.id }, { lastLoginAt: user.lastLoginAt });
    return this.tokensFor(user, await this.sessions.start(user.id, context));
  }

  /** A session for a user who proved who they are another way (single sign-on), exactly like a password sign-in's. */
  async signInAs(userId: string, context: SessionContext): Promise<AuthTokensDto> {
    const user = await this.users.findById(userId);
    if (!user || user.disabled) throw accountDisabled();
    return this.tokensFor(user, await this.sessions.start(user.id, context));
  }

  async refresh(refreshToken: string, context: SessionContext): Promise<AuthTokensDto> {
    const issued = await this.sessions.rotate(refreshToken, context);
    const user = await this.users.findById(issued.userId);
    if (!user || user.disabled) {
      await this.sessions.revokeAllForUser(issued.userId, 'user_disabled');
      throw new ApiException(401, 'ACCOUNT_DISABLED', 'This account is disabled.');
    }
    return this.tokensFor(user, issued);
  }

  logout(refreshToken: string): Promise<void> {
    return this.sessions.end(refreshToken);
  }

  private async tokensFor(user: User, refresh: IssuedRefreshToken): Promise<AuthTokensDto> {
    return {
      access_token: await this.accessTokens.sign(user.id, user.role, refresh.familyId),
      token_type: 'Bearer',
      expires_in: this.config.auth.accessTokenTtlSeconds,
      refresh_token: refresh.token,
      refresh_token_expires_at: refresh.expiresAt.toISOString(),
      user: UserDto.from(user),
    };
  }

  private emailTaken() {
    return new ApiException(409, 'EMAIL_TAKEN', 'An account with this email already exists.');
  }
}
