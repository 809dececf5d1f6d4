import type { IncomingHttpHeaders } from 'node:http';

/** The parts of Express's request the backend uses (keeps @types/express out of the dependencies). */
export interface HttpRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  url: string;
  ip?: string;
  headers: IncomingHttpHeaders;
  body?: unknown;
}

/** The parts of Express's response the backend uses. */
export interface HttpResponse {
  headersSent: boolean;
  status(code: number): HttpResponse;
  json(body: unknown): HttpResponse;
  setHeader(name: string, value: string | number): void;
  end(): void;
}
