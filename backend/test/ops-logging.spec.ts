import { Writable } from 'node:stream';
import pino from 'pino';
import { loadAppConfig } from '../src/config/app-config';
import { logContextOfUrl, withLogContext } from '../src/logging/log-context';
import { loggerOptions, redactUrl } from '../src/logging/logger.options';

/** The pieces that put run and gate ids on log lines and keep secrets out of them. */
describe('Operations: log context and redaction', () => {
  function capture(): { logger: pino.Logger; lines: () => Record<string, unknown>[] } {
    const chunks: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    const options = loggerOptions(loadAppConfig({ NODE_ENV: 'test' })).pinoHttp as pino.LoggerOptions;
    const logger = pino({ level: 'info', redact: options.redact, mixin: options.mixin }, sink);
    return { logger, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line)) };
  }

  it('adds run_id, gate_id and attempt to every line inside a context, across awaits, without mixing contexts', async () => {
    const { logger, lines } = capture();
    const attempt = (run: string, gate: string, delays: number[]) =>
      withLogContext({ run_id: run, gate_id: gate, attempt: 1 }, async () => {
        for (const delay of delays) {
          await new Promise((resolve) => setTimeout(resolve, delay));
          logger.info(`step of ${run}`);
        }
      });
    await Promise.all([attempt('run-a', 'G1', [5, 1, 5]), attempt('run-b', 'G2', [1, 5, 1])]);
    logger.info('outside');
    const logged = lines();
    expect(logged).toHaveLength(7);
    for (const line of logged.slice(0, 6)) {
      const run = String(line.msg).replace('step of ', '');
      expect(line).toMatchObject({ run_id: run, gate_id: run === 'run-a' ? 'G1' : 'G2', attempt: 1 });
    }
    expect(logged[6].run_id).toBeUndefined();
  });

  it('finds run and gate ids in request paths', () => {
    const id = '3f0c6a52-8d1e-4b7a-9c55-0a1b2c3d4e5f';
    expect(logContextOfUrl(`/api/runs/${id}`)).toEqual({ run_id: id });
    expect(logContextOfUrl(`/api/admin/runs/${id}/gates/G4.5/rerun`)).toEqual({ run_id: id, gate_id: 'G4.5' });
    expect(logContextOfUrl('/api/workflows')).toEqual({});
  });

  it('redacts tokens in URLs and secrets of the configuration', () => {
    expect(redactUrl('/api/runs/x/stream?token=eyJabc.def&last_event_id=4')).toBe('/api/runs/x/stream?token=[redacted]&last_event_id=4');
    const { logger, lines } = capture();
    logger.info({ config: { jwtSecret: 'jwt-secret-value', credentialsKey: 'key-value' }, attempt: { prompt_packet: 'You are…' } }, 'start');
    const text = JSON.stringify(lines());
    expect(text).not.toMatch(/jwt-secret-value|key-value|You are/);
  });
});
