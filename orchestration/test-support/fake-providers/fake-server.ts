/**
 * The shared machinery of the fake providers: a loopback HTTP server that answers from a script, records every
 * request, and tracks how many requests are in flight at once (its high-water mark proves concurrency limits).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScriptedReply, ScriptedReplyOf } from './script';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (or the raw text when it was not JSON). */
  body: any;
  streaming: boolean;
  /** The model named in the body or the path. */
  model?: string;
  receivedAt: number;
}

export interface RouteMatch {
  streaming: boolean;
  model?: string;
}

export abstract class FakeProviderServer {
  readonly requests: RecordedRequest[] = [];
  /** Requests currently being answered (hung ones included). */
  inFlight = 0;
  /** The most requests ever in flight at once. */
  maxInFlight = 0;

  private server?: Server;
  private port = 0;
  private readonly queue: ScriptedReply[] = [];
  private standingReply?: ScriptedReply;
  private sequence = 0;

  /** The URL to give the SDK as its base URL. */
  abstract get baseURL(): string;
  protected abstract match(method: string, path: string, body: any): RouteMatch | undefined;
  protected abstract sendReply(res: ServerResponse, reply: ScriptedReplyOf<'reply'>, request: RecordedRequest, id: string): void;
  protected abstract errorBody(status: number, message: string): unknown;
  /** The events of a stream that fails part-way, in this protocol's format. */
  protected abstract streamErrorEvents(status: number, message: string, request: RecordedRequest): Array<{ event?: string; data: unknown }>;

  protected get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Queues replies, answered in order one per request. */
  enqueue(...replies: ScriptedReply[]): this {
    this.queue.push(...replies);
    return this;
  }

  /** A reply used whenever the queue is empty (e.g. for load tests). */
  always(reply: ScriptedReply | undefined): this {
    this.standingReply = reply;
    return this;
  }

  get pendingReplies(): number {
    return this.queue.length;
  }

  get lastRequest(): RecordedRequest | undefined {
    return this.requests[this.requests.length - 1];
  }

  reset(): void {
    this.queue.length = 0;
    this.requests.length = 0;
    this.standingReply = undefined;
    this.maxInFlight = this.inFlight;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    const server = this.server;
    this.server = undefined;
    server.closeAllConnections(); // hung requests included
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => this.inFlight--);
    const url = new URL(req.url ?? '/', this.origin);
    const text = await readBody(req);
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // keep the raw text; the route decides whether that is acceptable
    }
    const route = this.match(req.method ?? 'GET', url.pathname, body);
    if (!route) {
      this.sendJson(res, 404, this.errorBody(404, `fake server: no route for ${req.method} ${url.pathname}`));
      return;
    }
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      streaming: route.streaming,
      model: route.model,
      receivedAt: Date.now(),
    };
    this.requests.push(recorded);
    const reply = this.queue.shift() ?? this.standingReply;
    if (!reply) {
      this.sendJson(res, 400, this.errorBody(400, `fake server: no scripted reply left for request #${this.requests.length}`));
      return;
    }
    if ('delayMs' in reply && reply.delayMs) await sleep(reply.delayMs);
    if (res.destroyed) return;
    this.answer(res, reply, recorded);
  }

  private answer(res: ServerResponse, reply: ScriptedReply, request: RecordedRequest): void {
    switch (reply.type) {
      case 'reply':
        this.sendReply(res, reply, request, String(++this.sequence));
        return;
      case 'rate_limited': {
        const headers: Record<string, string> = {};
        if (reply.retryAfter !== undefined) headers['retry-after'] = reply.retryAfter;
        if (reply.retryAfterMs !== undefined) headers['retry-after-ms'] = String(reply.retryAfterMs);
        this.sendJson(res, 429, this.errorBody(429, reply.message ?? 'rate limited'), headers);
        return;
      }
      case 'server_error':
        this.sendJson(res, reply.status ?? 500, this.errorBody(reply.status ?? 500, reply.message ?? 'internal error'));
        return;
      case 'error':
        this.sendJson(res, reply.status, this.errorBody(reply.status, reply.message));
        return;
      case 'hang':
        if (reply.afterHeaders) {
          res.writeHead(200, { 'content-type': request.streaming ? 'text/event-stream' : 'application/json' });
          res.flushHeaders();
        }
        // Otherwise nothing is sent: the socket stays open until the client gives up or we close.
        return;
      case 'stream_error':
        this.sendSse(res, this.streamErrorEvents(reply.status, reply.message, request));
        return;
      case 'malformed':
        if (reply.sse) {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
          res.end(`data: ${reply.body}\n\n`);
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(reply.body);
        }
        return;
    }
  }

  protected sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  /** Writes server-sent events; `event` names are included only for protocols that use them. */
  protected sendSse(res: ServerResponse, events: Array<{ event?: string; data: unknown }>, trailer?: string): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    for (const { event, data } of events) {
      res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
    }
    if (trailer) res.write(trailer);
    res.end();
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
