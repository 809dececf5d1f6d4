import { randomUUID } from 'node:crypto';
import { Authenticator, type Credentials } from './auth';
import { EsyApiError } from './errors';
import type { RunEvent } from './events';
import { followRun, type FollowOptions } from './follow';
import { Http } from './http';
import { downloadPackage, type VerifiedPackage } from './package-download';
import type { AuthTokens, CreatedWebhook, CreateRunRequest, CreateRunResponse, ListRunsQuery, RunDetail, RunList, User, Webhook, WebhookDelivery, WorkflowTemplate } from './types';

export type EsyClientOptions = Credentials & {
  /** The server's base URL, e.g. https://esy.example.com (the API lives under /api). */
  url: string;
  /** Another fetch (tests, proxies); default: Node's global fetch. */
  fetch?: typeof fetch;
};

/** Start a run by spec id, or by workflow slug (its active spec). */
export type StartRun = Omit<CreateRunRequest, 'spec_id'> & ({ spec_id: string } | { workflow: string });

/**
 * The Esy API for integrators:
 *
 *   const esy = new EsyClient({ url: 'https://esy.example.com', apiKey: process.env.ESY_API_KEY! });
 *   const { run } = await esy.runs.create({ workflow: 'etymology-essay', intent: { word: 'serendipity' } });
 *   for await (const event of esy.follow(run.id)) console.log(event.type);
 *   const pkg = await esy.downloadPackage(run.id); // throws unless every file matches manifest.json
 */
export class EsyClient {
  readonly http: Http;
  private readonly auth: Authenticator;

  constructor(options: EsyClientOptions) {
    let base: URL;
    try {
      base = new URL(options.url);
    } catch {
      throw new EsyApiError(0, 'BAD_URL', `"${options.url}" is not a server URL such as https://esy.example.com`);
    }
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new EsyApiError(0, 'BAD_URL', `"${options.url}" must start with http:// or https://`);
    if ('apiKey' in options && !options.apiKey) throw new EsyApiError(0, 'NO_CREDENTIALS', 'the API key is empty');
    const baseUrl = base.toString().replace(/\/+$/, '').replace(/\/api$/, '');
    const fetchImpl = options.fetch ?? fetch;
    this.auth = new Authenticator(options, (path) => `${baseUrl}/api${path}`, fetchImpl);
    this.http = new Http(baseUrl, this.auth, fetchImpl);
  }

  /** The tokens of an email/password session (null with an API key): keep `refresh_token` to resume later. */
  get session(): AuthTokens | null {
    return this.auth.session;
  }

  me(): Promise<User> {
    return this.http.json('GET', '/auth/me');
  }

  readonly workflows = {
    list: async (): Promise<WorkflowTemplate[]> => (await this.http.json<{ workflows: WorkflowTemplate[] }>('GET', '/workflows')).workflows,
    get: (slug: string): Promise<WorkflowTemplate> => this.http.json('GET', `/workflows/${encodeURIComponent(slug)}`),
  };

  readonly runs = {
    /**
     * Starts a run. Sends an `Idempotency-Key` (yours, or a fresh one) and repeats the request with the same key
     * after a network error, so a retry never starts a second run.
     */
    create: async (request: StartRun, options: { idempotencyKey?: string } = {}): Promise<CreateRunResponse> => {
      let body: CreateRunRequest;
      if ('workflow' in request) {
        const { workflow, ...rest } = request;
        const template = await this.workflows.get(workflow);
        if (!template.active_spec_id) throw new EsyApiError(409, 'NO_ACTIVE_SPEC', `workflow "${workflow}" has no published spec to run`);
        body = { ...rest, spec_id: template.active_spec_id };
      } else {
        body = request;
      }
      return this.http.json('POST', '/runs', {
        body,
        headers: { 'Idempotency-Key': options.idempotencyKey ?? randomUUID() },
        retryOnNetworkError: true,
      });
    },
    get: (runId: string): Promise<RunDetail> => this.http.json('GET', `/runs/${encodeURIComponent(runId)}`),
    list: (query: ListRunsQuery = {}): Promise<RunList> => this.http.json('GET', '/runs', { query: query as Record<string, string | number> }),
    cancel: (runId: string, reason?: string): Promise<RunDetail> =>
      this.http.json('POST', `/runs/${encodeURIComponent(runId)}/cancel`, { body: reason ? { reason } : {} }),
  };

  readonly webhooks = {
    create: (body: { url: string; events: Webhook['events']; description?: string }): Promise<CreatedWebhook> =>
      this.http.json('POST', '/webhooks', { body, headers: { 'Idempotency-Key': randomUUID() }, retryOnNetworkError: true }),
    list: async (): Promise<Webhook[]> => (await this.http.json<{ webhooks: Webhook[] }>('GET', '/webhooks')).webhooks,
    remove: async (id: string): Promise<void> => {
      await this.http.send('DELETE', `/webhooks/${encodeURIComponent(id)}`);
    },
    deliveries: async (id: string): Promise<WebhookDelivery[]> =>
      (await this.http.json<{ deliveries: WebhookDelivery[] }>('GET', `/webhooks/${encodeURIComponent(id)}/deliveries`)).deliveries,
    sendTest: (id: string): Promise<WebhookDelivery> => this.http.json('POST', `/webhooks/${encodeURIComponent(id)}/test`),
  };

  /** A run's live events, each exactly once, across dropped connections (see followRun). */
  follow(runId: string, options?: FollowOptions): AsyncGenerator<RunEvent, void, undefined> {
    return followRun(this.http, runId, options);
  }

  /** The run's package (zip), verified file by file against its manifest's sha256. */
  downloadPackage(runId: string, signal?: AbortSignal): Promise<VerifiedPackage> {
    return downloadPackage(this.http, runId, signal);
  }
}
