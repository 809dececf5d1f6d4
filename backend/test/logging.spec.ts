import { Writable } from 'node:stream';
import pino from 'pino';
import { loadAppConfig } from '../src/config/app-config';
import { loggerOptions } from '../src/logging/logger.options';

describe('structured logging', () => {
  it('redacts credentials wherever they appear in a log line', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const options = loggerOptions(loadAppConfig({ NODE_ENV: 'test' })).pinoHttp as pino.LoggerOptions;
    const logger = pino({ redact: options.redact, level: 'info' }, sink);
    logger.info(
      {
        req: { headers: { authorization: 'Bearer secret-jwt', cookie: 'sid=secret-cookie', 'x-api-key': 'esy_secret' } },
        body: { password: 'secret-password', refresh_token: 'secret-refresh' },
        key: { secret: 'esy_abcdefgh_secret' },
      },
      'request',
    );
    const line = lines.join('');
    expect(line).not.toMatch(/secret-|esy_/);
    expect(JSON.parse(line).req.headers.authorization).toBe('[redacted]');
  });
});
