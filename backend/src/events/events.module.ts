import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AccessTokenService, JWT_AUDIENCE, JWT_ISSUER } from '../auth/access-token.service';
import { AuthModule } from '../auth/auth.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.module';
import { RunsModule } from '../runs/runs.module';
import { UsersModule } from '../users/users.module';
import { AdminEventsController } from './admin-events.controller';
import { RunEventsHub } from './run-events.hub';
import { RunStreamController } from './run-stream.controller';
import { RunStreamService } from './run-stream.service';
import { StreamAuthGuard } from './stream-auth.guard';
import { StreamTokenService } from './stream-token.service';
import { UserEventsController } from './user-events.controller';

/** Live run events over SSE: the Redis hub, replay-then-follow streams, stream tokens. */
@Module({
  imports: [
    AuthModule,
    UsersModule,
    RunsModule,
    // The stream guard verifies access tokens itself (stream routes are public to the global guard), with the same
    // secret and claims as the auth module.
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.auth.jwtSecret,
        signOptions: { algorithm: 'HS256', issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
      }),
    }),
  ],
  controllers: [RunStreamController, AdminEventsController, UserEventsController],
  providers: [RunEventsHub, RunStreamService, StreamTokenService, AccessTokenService, StreamAuthGuard],
  exports: [RunEventsHub, StreamTokenService],
})
export class EventsModule {}
