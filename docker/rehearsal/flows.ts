// What users, administrators and integrators do, through the web apps' nginx ports only (as a browser would).
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { expectOk, login, openRunStream, registerUser, startRun, waitForRun, type Auth } from '../../backend/test/ops-support/client';

export const WORKFLOW = { slug: 'research-brief', intent: { topic: 'serendipity' } };

/** A new user registers, starts a run and follows it over SSE until the stream closes after its last event. */
export async function userJourney(base: string): Promise<{ auth: Auth; runId: string; events: number; lastEvent: string }> {
  const { auth } = await registerUser(base);
  const runId = await startRun(base, auth, WORKFLOW.slug, WORKFLOW.intent);
  const stream = await openRunStream(base, auth, runId);
  if (stream.status !== 200) throw new Error(`the run's event stream answered ${stream.status}`);
  const how = await stream.finished(10 * 60_000);
  const types = stream.events.map((event) => event.event);
  const lastEvent = types[types.length - 1] ?? 'none';
  if (how !== 'ended' || lastEvent !== 'run_completed') throw new Error(`the stream ${how} after "${lastEvent}", not after run_completed`);
  return { auth, runId, events: stream.events.length, lastEvent };
}

/**
 * Downloads a run's package and checks it: every file in the zip has the sha256 and size manifest.json lists, and
 * every workspace file the API lists is in the package with the hash the database recorded.
 */
export async function checkPackage(base: string, auth: Auth, runId: string): Promise<{ files: number; bytes: number; sha256: string }> {
  const response = await fetch(`${base}/api/runs/${runId}/package`, { headers: auth });
  if (response.status !== 200) throw new Error(`the package of run ${runId} answered ${response.status}`);
  const zipBytes = Buffer.from(await response.arrayBuffer());
  const zip = await JSZip.loadAsync(zipBytes);
  const manifest = JSON.parse(await zip.file('manifest.json')!.async('string'));
  if (manifest.run?.id !== runId) throw new Error(`the manifest names run ${manifest.run?.id}, not ${runId}`);
  const listed = new Map<string, string>();
  for (const file of manifest.files as Array<{ path: string; sha256: string; size_bytes: number }>) {
    const entry = zip.file(file.path);
    if (!entry) throw new Error(`${file.path} is in the manifest but not in the zip`);
    const content = await entry.async('nodebuffer');
    const sha256 = createHash('sha256').update(content).digest('hex');
    if (sha256 !== file.sha256 || content.length !== file.size_bytes) throw new Error(`${file.path}: the zip holds other bytes than the manifest lists`);
    listed.set(file.path, sha256);
  }
  const { artifacts } = await expectOk(base, 'GET', `/api/runs/${runId}/artifacts`, { auth });
  for (const artifact of artifacts as Array<{ file_path: string; content_hash: string }>) {
    if (listed.get(artifact.file_path) !== artifact.content_hash) throw new Error(`${artifact.file_path}: the package does not hold the version the database recorded`);
  }
  if (artifacts.length === 0) throw new Error(`run ${runId} has no artifacts`);
  return { files: listed.size, bytes: zipBytes.length, sha256: createHash('sha256').update(zipBytes).digest('hex') };
}

/** The first administrator signs in through the admin console's port, which also serves the console itself. */
export async function adminSignIn(base: string, email: string, password: string): Promise<Auth> {
  const page = await fetch(`${base}/`);
  if (page.status !== 200 || !(await page.text()).includes('<title>Esy Console</title>')) throw new Error(`the admin console did not serve its page (${page.status})`);
  const auth = await login(base, email, password);
  const me = await expectOk(base, 'GET', '/api/auth/me', { auth });
  if (me.role !== 'admin') throw new Error(`${email} signed in as ${me.role}, not admin`);
  return auth;
}

export { startRun, waitForRun };

/** Every run (id → status) and every run's artifacts (path → sha256), as the admin API lists them. */
export async function inventory(base: string, auth: Auth): Promise<Record<string, { status: string; artifacts: Record<string, string> }>> {
  const out: Record<string, { status: string; artifacts: Record<string, string> }> = {};
  for (let offset = 0; ; offset += 100) {
    const page = await expectOk(base, 'GET', `/api/admin/runs?limit=100&offset=${offset}`, { auth });
    for (const run of page.runs) out[run.id] = { status: run.status, artifacts: {} };
    if (page.runs.length < 100) break;
  }
  for (const [id, entry] of Object.entries(out)) {
    const { artifacts } = await expectOk(base, 'GET', `/api/runs/${id}/artifacts`, { auth });
    for (const artifact of artifacts) entry.artifacts[artifact.file_path] = artifact.content_hash;
  }
  return out;
}

/** Stores a provider key from the admin console (encrypted with CREDENTIALS_KEY); returns the status it answers. */
export async function storeProviderKey(base: string, auth: Auth, provider: string, apiKey: string): Promise<{ key_last_four: string; usable: boolean }> {
  return expectOk(base, 'PUT', `/api/admin/providers/${provider}`, { auth, body: { api_key: apiKey } });
}

export async function providerStatus(base: string, auth: Auth, provider: string): Promise<{ configured: boolean; usable: boolean; key_last_four: string | null; reason?: string }> {
  const { providers } = await expectOk(base, 'GET', '/api/admin/providers', { auth });
  return providers.find((p: { provider: string }) => p.provider === provider);
}
