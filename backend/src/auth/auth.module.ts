import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { REDIS } from '../redis/redis.module';
import { MailModule } from '../mail/mail.module';
import { UsersModule } from '../users/users.module';
import { AdminUserPasswordsController } from './admin-user-passwords.controller';
import { PasswordResetToken } from './entities/password-reset-token.entity';
import { PasswordChangeService } from './password-change.service';
import { PasswordResetTokensRepository } from './password-reset-tokens.repository';
import { PasswordResetService } from './password-reset.service';
import { AdminSeeder } from './admin.seeder';
import { AccessTokenService, JWT_AUDIENCE, JWT_ISSUER } from './access-token.service';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { ApiKey } from './entities/api-key.entity';
import { RefreshToken } from './entities/refresh-token.entity';
import { AuthGuard } from './guards/auth.guard';
import { LoginThrottlerGuard } from './guards/login-throttler.guard';
import { RedisThrottlerStorage } from './guards/redis-throttler.storage';
import { RolesGuard } from './guards/roles.guard';
import { PasswordService } from './password.service';
import { ApiRateLimiter } from '../rate-limit/api-rate-limiter.service';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { SessionsController } from './sessions.controller';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { AdminSsoController } from './sso/admin-sso.controller';
import { LocalPasswordPolicy } from './sso/local-password.policy';
import { OidcClientFactory } from './sso/oidc-client.factory';
import { SsoSettingsStore } from './sso/sso-settings.store';
import { SsoController } from './sso/sso.controller';
import { SsoService } from './sso/sso.service';

@Module({
  imports: [
    UsersModule,
    MailModule,
    TypeOrmModule.forFeature([ApiKey, RefreshToken, PasswordResetToken]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.auth.jwtSecret,
        signOptions: {
          algorithm: 'HS256',
          expiresIn: config.auth.accessTokenTtlSeconds,
          issuer: JWT_ISSUER,
          audience: JWT_AUDIENCE,
        },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, REDIS],
      useFactory: (config: AppConfig, redis: Redis) => ({
        throttlers: [
          { name: 'login', ttl: config.auth.loginRateLimit.windowSeconds * 1000, limit: config.auth.loginRateLimit.limit },
        ],
        storage: new RedisThrottlerStorage(redis, config.redis.keyPrefix),
      }),
    }),
  ],
  controllers: [AuthController, ApiKeysController, SessionsController, AdminUserPasswordsController, SsoController, AdminSsoController],
  providers: [
    PasswordService,
    AccessTokenService,
    SessionsService,
    SessionsRepository,
    AuthService,
    ApiKeysService,
    PasswordChangeService,
    PasswordResetTokensRepository,
    PasswordResetService,
    LoginThrottlerGuard,
    AdminSeeder,
    ApiRateLimiter,
    SsoSettingsStore,
    OidcClientFactory,
    SsoService,
    LocalPasswordPolicy,
    // Order matters: authenticate first, then count the request against its caller, then check roles and scopes.
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [PasswordService, SessionsService, ApiKeysService, AdminSeeder, ApiRateLimiter],
})
export class AuthModule {}
