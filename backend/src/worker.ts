import 'reflect-metadata';
import { ConfigError, loadAppConfig, type AppConfig } from './config/app-config';

/**
 * The worker entry point: a Nest application context (no HTTP) that runs gate attempts from the Bull queue.
 * Start as many as you like, on any host that reaches the same PostgreSQL and Redis. SIGTERM/SIGINT stop it
 * gracefully (see AttemptWorker: finish within WORKER_SHUTDOWN_GRACE_MS or hand attempts back).
 */
function loadConfigOrExit(): AppConfig {
  try {
    return loadAppConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const { NestFactory } = await import('@nestjs/core');
  const { Logger } = await import('nestjs-pino');
  const { WorkerModule } = await import('./worker.module');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  // Nest runs the shutdown hooks (AttemptWorker.beforeApplicationShutdown first), then the process exits.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.init();
}

main().catch((error: Error) => {
  process.stderr.write(`Worker start-up failed: ${error?.message ?? error}\n`);
  process.exit(1);
});
