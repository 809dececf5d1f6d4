import { UsageError } from '../exit-codes';

export interface RemoteOptions {
  server: string;
  apiKey: string;
}

/** The platform's error shape (`{status, code, message, details}`), turned into one readable line per problem. */
export class RemoteApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RemoteApiError';
  }
}

interface ErrorBody {
  code?: string;
  message?: string;
  details?: Array<{ field?: string; message?: string }> | Record<string, unknown>;
}

/**
 * A small JSON client for the platform's REST API, authenticated with an API key. The CLI cannot use the Angular
 * client in libs/ (it is tied to Angular's HttpClient), and it needs only a handful of routes.
 */
export class RemoteApi {
  readonly baseUrl: string;

  constructor(private readonly options: RemoteOptions) {
    if (!options.apiKey) throw new UsageError('an API key is required: pass --api-key or set ESY_API_KEY (create one in the web app under API keys)');
    try {
      this.baseUrl = new URL(options.server).toString().replace(/\/+$/, '');
    } catch {
      throw new UsageError(`--server "${options.server}" is not a URL such as http://localhost:3000`);
    }
  }

  get headers(): Record<string, string> {
    return { authorization: `Bearer ${this.options.apiKey}`, accept: 'application/json' };
  }

  url(path: string): string {
    return `${this.baseUrl}/api${path}`;
  }

  async get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  async post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.url(path), {
        method,
        headers: body === undefined ? this.headers : { ...this.headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new RemoteApiError(0, 'UNREACHABLE', `cannot reach ${this.baseUrl}: ${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message}`);
    }
    const text = await response.text();
    if (!response.ok) throw errorFrom(response.status, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

function errorFrom(status: number, text: string): RemoteApiError {
  let body: ErrorBody = {};
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    // not our error shape (a proxy page, say): keep the start of it
  }
  const lines = [body.message ?? (text.slice(0, 200) || `HTTP ${status}`)];
  if (Array.isArray(body.details)) {
    for (const detail of body.details) if (detail.message) lines.push(`  ${detail.field ? `${detail.field}: ` : ''}${detail.message}`);
  }
  return new RemoteApiError(status, body.code ?? `HTTP_${status}`, lines.join('\n'));
}
