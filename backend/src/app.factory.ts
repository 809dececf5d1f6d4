import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter';
import { PathParamPipe } from './common/validation/path-param.pipe';
import { RawInputInterceptor } from './common/validation/raw-input.interceptor';
import { createValidationPipe } from './common/validation/validation.pipe';
import type { AppConfig } from './config/app-config';
import { setupSwagger } from './openapi/openapi';

export const API_PREFIX = 'api';

/**
 * Everything that makes the HTTP app behave the same in production and in tests: prefix, logging, security
 * headers, CORS, body limit, validation, the error shape and the API docs.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): NestExpressApplication {
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  app.set('trust proxy', config.http.trustProxy);
  app.disable('x-powered-by');
  // No upgrade-insecure-requests: a self-hosted install served over plain HTTP must still load Swagger UI assets.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.enableCors({
    origin: config.http.corsOrigins === '*' ? true : config.http.corsOrigins,
    credentials: config.http.corsOrigins !== '*',
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy', 'Idempotent-Replayed'],
  });
  app.useBodyParser('json', { limit: config.http.bodyLimitBytes });
  // Raw checks before DTO validation and any query: prototype keys and NUL in bodies and queries, path parameters.
  app.useGlobalInterceptors(new RawInputInterceptor());
  app.useGlobalPipes(new PathParamPipe(), createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  if (config.http.swaggerEnabled) setupSwagger(app);
  for (const warning of config.warnings) new NestLogger('Config').warn(warning);
  return app;
}

/** Builds the configured (not yet listening) app. main.ts listens; tests call `app.init()` and use supertest. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
    // Throw instead of aborting the process, so main.ts can report start-up failures in one line.
    abortOnError: false,
  });
  return configureApp(app, config);
}
