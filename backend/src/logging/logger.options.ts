import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';
import { logContextMixin, logContextOfUrl } from './log-context';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Paths pino replaces with "[redacted]": credentials in headers, cookies and bodies never reach the logs. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.refresh_token',
  '*.access_token',
  '*.secret',
  '*.api_key',
  '*.apiKey',
  '*.token',
  // The typed configuration, should anything ever log it whole.
  '*.jwtSecret',
  '*.credentialsKey',
  '*.adminPassword',
  // Prompt bodies and raw model answers belong in the attempt record, not in the logs.
  '*.prompt_packet',
  '*.promptPacket',
  '*.raw_output',
  '*.rawOutput',
];

/** Stream tokens travel in the query string (EventSource cannot send headers): keep them out of the logs. */
export function redactUrl(url: string): string {
  return url?.replace(/([?&](?:token|access_token|api_key|key)=)[^&#]*/gi, '$1[redacted]');
}

/**
 * JSON-lines logging with a request id (the caller's `X-Request-Id` if sane, else a UUID) echoed in responses.
 * Lines about a run carry `run_id` (and `gate_id`, `attempt`): from the request path in the API, from the log
 * context the worker opens around each gate attempt.
 */
export function loggerOptions(config: AppConfig, service: 'esy-api' | 'esy-worker' = 'esy-api'): Params {
  return {
    pinoHttp: {
      level: config.log.level,
      base: { service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      mixin: logContextMixin,
      customProps: (request: IncomingMessage) => logContextOfUrl(request.url),
      genReqId: (request: IncomingMessage, response: ServerResponse) => {
        const given = request.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        response.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
      // Health probes every few seconds would drown everything else.
      autoLogging: { ignore: (request) => (request.url ?? '').startsWith('/api/health') },
      serializers: {
        req: (request: { id: string; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          url: redactUrl(request.url),
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
    },
  };
}

/** The worker's logger: the same format, `service: esy-worker`. */
export function workerLoggerOptions(config: AppConfig): Params {
  return loggerOptions(config, 'esy-worker');
}
