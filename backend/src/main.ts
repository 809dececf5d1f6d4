import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadAppConfig, type AppConfig } from './config/app-config';

function loadConfigOrExit(): AppConfig {
  try {
    return loadAppConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      // One line naming the variable and what it must be; nothing else.
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // Loaded only after the configuration is valid: a bad variable is reported at once, before NestJS loads.
  const { createApp } = await import('./app.factory');
  const app = await createApp(config);
  await app.listen(config.http.port, config.http.host);
  const shown = config.http.host === '0.0.0.0' ? 'localhost' : config.http.host;
  new Logger('Main').log(`API listening on http://${shown}:${config.http.port}/api — docs at /api/docs`);
}

main().catch((error: Error) => {
  process.stderr.write(`Start-up failed: ${error?.message ?? error}\n`);
  process.exit(1);
});
