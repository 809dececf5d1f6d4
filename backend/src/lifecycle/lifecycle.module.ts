import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { EventStreamCloser } from './event-stream-closer';
import { OpenResponses, OpenResponsesMiddleware } from './open-responses';

/**
 * Graceful shutdown of the HTTP API (main.ts enables Nest's shutdown hooks): open event streams are ended before
 * the server closes. The worker's graceful stop is AttemptWorker's (finish within WORKER_SHUTDOWN_GRACE_MS or hand
 * attempts back to the queue).
 */
@Module({ providers: [OpenResponses, EventStreamCloser] })
export class LifecycleModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(OpenResponsesMiddleware).forRoutes('*');
  }
}
