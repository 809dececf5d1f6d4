import { unreachable, type Authenticator } from './auth';
import { errorFromResponse } from './errors';

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Repeat the request after a network error (only for requests that are safe to repeat). */
  retryOnNetworkError?: boolean;
  /** false: send no Authorization header (the URL carries its own credential, e.g. a stream token). */
  authenticate?: boolean;
}

/** Longest `Retry-After` the client waits out by itself after a 429; longer ones are reported. */
const MAX_RETRY_AFTER_S = 30;
const NETWORK_RETRIES = 2;

/** JSON over fetch with the API's auth and error shape: one refresh after a 401, waits out a short 429. */
export class Http {
  constructor(
    readonly baseUrl: string,
    private readonly auth: Authenticator,
    private readonly fetchImpl: typeof fetch,
  ) {}

  url(path: string, query?: RequestOptions['query']): string {
    const url = new URL(`${this.baseUrl}/api${path}`);
    for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    return url.toString();
  }

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, { ...options, headers: { accept: 'application/json', ...options.headers } });
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Sends a request and returns the response when it is 2xx; throws EsyApiError otherwise. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    let refreshed = false;
    let networkRetries = 0;
    let rateLimited = 0;
    for (;;) {
      const authorization = options.authenticate === false ? null : await this.auth.header();
      let response: Response;
      try {
        response = await this.fetchImpl(this.url(path, options.query), {
          method,
          signal: options.signal,
          headers: {
            ...options.headers,
            ...(authorization ? { authorization } : {}),
            ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: options.body === undefined ? undefined : JSON.stringify(options.body),
        });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        if (options.retryOnNetworkError && networkRetries++ < NETWORK_RETRIES) {
          await sleep(250 * networkRetries);
          continue;
        }
        throw unreachable(this.url(path), error);
      }
      if (response.ok) return response;
      const text = await response.text();
      if (response.status === 401 && authorization && !refreshed && (await this.auth.recover(authorization))) {
        refreshed = true;
        continue;
      }
      const retryAfter = Number(response.headers.get('retry-after'));
      if (response.status === 429 && rateLimited++ < 3 && Number.isFinite(retryAfter) && retryAfter <= MAX_RETRY_AFTER_S) {
        await sleep(Math.max(retryAfter, 1) * 1000);
        continue;
      }
      throw errorFromResponse(response.status, text);
    }
  }
}

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
