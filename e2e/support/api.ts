import type { APIRequestContext } from '@playwright/test';
import type { Account } from './fixtures';

/** Direct API calls for test set-up (what a test is not about is done the fast way, not through the UI). */
export interface Session {
  accessToken: string;
  auth: { authorization: string };
}

async function ok<T>(response: Awaited<ReturnType<APIRequestContext['get']>>, what: string): Promise<T> {
  if (!response.ok()) throw new Error(`[e2e] ${what} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

export async function registerViaApi(request: APIRequestContext, apiUrl: string, account: Account): Promise<Session> {
  const body = await ok<{ access_token: string }>(
    await request.post(`${apiUrl}/api/auth/register`, { data: { email: account.email, password: account.password, display_name: account.name } }),
    'register',
  );
  return { accessToken: body.access_token, auth: { authorization: `Bearer ${body.access_token}` } };
}

/** The id of a template's active spec. */
export async function activeSpecId(request: APIRequestContext, apiUrl: string, session: Session, slug: string): Promise<string> {
  const body = await ok<Record<string, unknown>>(await request.get(`${apiUrl}/api/workflows/${slug}`, { headers: session.auth }), `workflow ${slug}`);
  const spec = (body['active_spec'] ?? body['spec']) as { id?: string } | undefined;
  const id = spec?.id ?? (body['active_spec_id'] as string | undefined);
  if (!id) throw new Error(`[e2e] workflow ${slug} has no active spec: ${JSON.stringify(body).slice(0, 300)}`);
  return id;
}

export async function startRun(request: APIRequestContext, apiUrl: string, session: Session, specId: string, intent: Record<string, unknown>): Promise<string> {
  const body = await ok<{ run?: { id: string }; id?: string }>(
    await request.post(`${apiUrl}/api/runs`, { headers: session.auth, data: { spec_id: specId, intent } }),
    'create run',
  );
  const id = body.run?.id ?? body.id;
  if (!id) throw new Error('[e2e] create run answered without a run id');
  return id;
}

interface IntentFieldLike {
  key: string;
  type: string;
  required?: boolean;
  default?: unknown;
  options?: { value: string }[];
  min?: number;
}

/** A valid brief for any intent schema: every required field without a default gets a plausible answer. */
export function briefFor(schema: IntentFieldLike[]): Record<string, unknown> {
  const intent: Record<string, unknown> = {};
  for (const field of schema) {
    if (!field.required || field.default !== undefined) continue;
    if (field.type === 'enum') intent[field.key] = field.options?.[0]?.value;
    else if (field.type === 'number') intent[field.key] = field.min ?? 1;
    else if (field.type === 'boolean') intent[field.key] = false;
    else intent[field.key] = 'serendipity';
  }
  return intent;
}

/** The slug of the published workflow with the fewest steps (the quickest to run), whatever the content. */
export async function quickestWorkflowSlug(request: APIRequestContext, apiUrl: string, session: Session): Promise<string> {
  const body = await ok<unknown>(await request.get(`${apiUrl}/api/workflows`, { headers: session.auth }), 'list workflows');
  const list = (Array.isArray(body) ? body : ((body as Record<string, unknown>)['workflows'] ?? (body as Record<string, unknown>)['items'] ?? [])) as {
    slug: string;
    step_count?: number;
  }[];
  if (list.length === 0) throw new Error('[e2e] no workflows are published');
  return [...list].sort((a, b) => (a.step_count ?? 99) - (b.step_count ?? 99))[0].slug;
}

/** Starts a run of a template (the first one when no slug is given) with a valid brief; returns the run id. */
export async function startRunOf(request: APIRequestContext, apiUrl: string, session: Session, slug?: string): Promise<string> {
  if (!slug) {
    const body = await ok<unknown>(await request.get(`${apiUrl}/api/workflows`, { headers: session.auth }), 'list workflows');
    const list = (Array.isArray(body) ? body : ((body as Record<string, unknown>)['workflows'] ?? (body as Record<string, unknown>)['items'] ?? [])) as { slug: string }[];
    if (list.length === 0) throw new Error('[e2e] no workflows are published');
    slug = list[0].slug;
  }
  const detail = await ok<Record<string, unknown>>(await request.get(`${apiUrl}/api/workflows/${slug}`, { headers: session.auth }), `workflow ${slug}`);
  const spec = (detail['active_spec'] ?? detail['spec']) as { id: string; intent_schema?: IntentFieldLike[] };
  return startRun(request, apiUrl, session, spec.id, briefFor(spec.intent_schema ?? []));
}
