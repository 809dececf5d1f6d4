import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { waitFor } from './wait';

export type Auth = { authorization: string };

async function call(baseUrl: string, method: string, path: string, options: { auth?: Auth; body?: unknown } = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(options.auth ?? {}) },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}

export async function expectOk(baseUrl: string, method: string, path: string, options: { auth?: Auth; body?: unknown } = {}): Promise<any> {
  const { status, body } = await call(baseUrl, method, path, options);
  if (status < 200 || status > 299) throw new Error(`${method} ${path} answered ${status}: ${JSON.stringify(body).slice(0, 500)}`);
  return body;
}

export async function registerUser(baseUrl: string): Promise<{ auth: Auth; email: string; password: string; accessToken: string }> {
  const email = `ops-${randomBytes(4).toString('hex')}@test.esy`;
  const password = `pw-${randomBytes(10).toString('hex')}`;
  const body = await expectOk(baseUrl, 'POST', '/api/auth/register', { body: { email, password, display_name: 'Ops Test' } });
  return { auth: { authorization: `Bearer ${body.access_token}` }, email, password, accessToken: body.access_token };
}

export async function login(baseUrl: string, email: string, password: string): Promise<Auth> {
  const body = await expectOk(baseUrl, 'POST', '/api/auth/login', { body: { email, password } });
  return { authorization: `Bearer ${body.access_token}` };
}

export const BRIEF = { slug: 'research-brief', intent: { topic: 'serendipity' }, gates: ['G1', 'G2', 'G7'] };

export async function startRun(baseUrl: string, auth: Auth, slug = BRIEF.slug, intent: Record<string, unknown> = BRIEF.intent): Promise<string> {
  const workflow = await expectOk(baseUrl, 'GET', `/api/workflows/${slug}`, { auth });
  const created = await expectOk(baseUrl, 'POST', '/api/runs', { auth, body: { spec_id: workflow.active_spec_id, intent } });
  return created.run.id;
}

export async function waitForRun(baseUrl: string, auth: Auth, runId: string, statuses = ['completed', 'failed', 'paused', 'cancelled'], timeoutMs = 60_000): Promise<any> {
  return waitFor(`run ${runId} to finish`, async () => {
    const body = await expectOk(baseUrl, 'GET', `/api/runs/${runId}`, { auth });
    return statuses.includes(body.run.status) ? body : undefined;
  }, timeoutMs, 200);
}

export interface StreamEvent {
  id: number | null;
  event: string;
  data: any;
}

/** A small SSE reader (EventSource-like, but it reports how the stream ended). */
export class EventStream {
  readonly events: StreamEvent[] = [];
  status = 0;
  raw = '';
  private request!: http.ClientRequest;
  readonly ended: Promise<'ended' | 'error'>;
  private settle!: (how: 'ended' | 'error') => void;

  private constructor() {
    this.ended = new Promise((resolve) => (this.settle = resolve));
  }

  static open(url: string): Promise<EventStream> {
    const stream = new EventStream();
    return new Promise((resolve, reject) => {
      stream.request = http.get(url, { headers: { Accept: 'text/event-stream' } }, (response) => {
        stream.status = response.statusCode ?? 0;
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          stream.raw += chunk;
          buffer += chunk;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            stream.parse(buffer.slice(0, cut));
            buffer = buffer.slice(cut + 2);
          }
        });
        response.on('end', () => stream.settle('ended'));
        response.on('error', () => stream.settle('error'));
        response.on('aborted', () => stream.settle('error'));
        resolve(stream);
      });
      stream.request.on('error', (error) => {
        stream.settle('error');
        reject(error);
      });
    });
  }

  private parse(block: string): void {
    let id: number | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const at = line.indexOf(':');
      const field = at < 0 ? line : line.slice(0, at);
      const value = at < 0 ? '' : line.slice(at + 1).replace(/^ /, '');
      if (field === 'id') id = Number(value);
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) this.events.push({ id, event, data: JSON.parse(data.join('\n')) });
  }

  async finished(timeoutMs = 60_000): Promise<'ended' | 'error'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the stream did not end')), timeoutMs)));
    try {
      return await Promise.race([this.ended, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.request?.destroy();
  }
}

/** Opens a run's event stream on `baseUrl` with a stream token (as a browser would), after `lastEventId` if given. */
export async function openRunStream(baseUrl: string, auth: Auth, runId: string, lastEventId?: number): Promise<EventStream> {
  const token = await expectOk(baseUrl, 'POST', `/api/runs/${runId}/stream-token`, { auth });
  return EventStream.open(`${baseUrl}${token.stream_url}${lastEventId ? `&last_event_id=${lastEventId}` : ''}`);
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Scrapes `/metrics` on a metrics port; returns status, the samples and the raw text. */
export async function scrape(metricsPort: number, token?: string): Promise<{ status: number; samples: Sample[]; text: string }> {
  const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await response.text();
  return { status: response.status, samples: response.status === 200 ? parseExposition(text) : [], text };
}

/** Parses Prometheus text exposition (the sample lines; comments skipped). */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]] = pair[2];
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** Sum of a series' samples whose labels include `labels`. */
export function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}
