import { EsyApiError, EsyClient, PackageVerificationError, verifyWebhookSignature, type RunEvent } from '@esy/sdk';
import { unzipSync, zipSync } from 'fflate';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerUser, type Session } from '../support';
import { ESSAY_INTENT, startRunsHarness, waitFor, waitForRun, type RunsHarness } from '../runs/support';
import { startFaultyProxy, type FaultyProxy } from './proxy';

/**
 * @esy/sdk against the real API and a worker process, through a proxy that cuts streams and alters downloads.
 */
describe('@esy/sdk', () => {
  let h: RunsHarness;
  let proxy: FaultyProxy;
  let user: Session;
  let apiKey: string;

  beforeAll(async () => {
    // Slow gates, so a stream can be cut while the run is still going.
    h = await startRunsHarness({
      env: { WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_BLOCK_PRIVATE_ADDRESSES: 'false' },
      workerEnv: { ESY_SIMULATOR_LATENCY_MS: '120' },
    });
    proxy = await startFaultyProxy(h.baseUrl);
    user = await registerUser(h.t.http);
    apiKey = (await h.t.http.post('/api/auth/api-keys').set(user.auth).send({ name: 'sdk', scopes: ['read', 'write'] }).expect(201)).body.secret;
  }, 180_000);
  afterAll(async () => {
    await proxy?.close();
    await h?.close();
  }, 60_000);

  const storedEvents = async (runId: string) =>
    (await h.db.query<{ id: string; type: string }>('SELECT id, type FROM run_events WHERE run_id = $1 ORDER BY id', [runId])).map((row) => ({ id: Number(row.id), type: row.type }));

  it.each([
    ['an API key, Authorization header', () => new EsyClient({ url: proxy.url, apiKey }), false],
    ['email and password, a fresh stream token per connection', () => new EsyClient({ url: proxy.url, email: user.email, password: user.password }), true],
  ])('follow() with %s delivers every event once, in order, across a dropped connection', async (_label, makeClient, useStreamToken) => {
    const esy = makeClient();
    const { run } = await esy.runs.create({ workflow: 'etymology-essay', intent: { ...ESSAY_INTENT, word: 'petrichor' } });
    proxy.dropNextStreamAfter(3);
    const firstStream = proxy.requests.length;
    const received: RunEvent[] = [];
    const reconnects: string[] = [];
    const lastIdAtReconnect: Array<number | null> = [];
    const onReconnect = (_attempt: number, reason: string) => {
      reconnects.push(reason);
      lastIdAtReconnect.push(received.at(-1)?.id ?? null);
    };
    for await (const event of esy.follow(run.id, { useStreamToken, onReconnect })) received.push(event);

    const stored = await storedEvents(run.id);
    expect(stored[stored.length - 1].type).toBe('run_completed');
    expect(received.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    expect(received.map((e) => e.type)).toEqual(stored.map((e) => e.type));
    expect(received.every((e) => e.run_id === run.id)).toBe(true);
    // The cut happened mid-run: the reconnect asked for what followed the last event delivered before it.
    const streams = proxy.requests.slice(firstStream).filter((r) => /\/stream(\?|$)/.test(r.url));
    expect(reconnects.length).toBeGreaterThanOrEqual(1);
    expect(streams.length).toBeGreaterThanOrEqual(2);
    expect(streams[0].lastEventId).toBeUndefined();
    // (The proxy cuts the socket after the chunk carrying the third event, so the client may get only part of it.)
    const resumedAt = Number(streams[1].lastEventId);
    expect(resumedAt).toBe(lastIdAtReconnect[0]);
    expect(resumedAt).toBeGreaterThanOrEqual(stored[1].id);
    expect(resumedAt).toBeLessThan(stored[stored.length - 1].id);
    if (useStreamToken) expect(streams.every((r) => r.url.includes('?token='))).toBe(true);
  }, 120_000);

  it('creates a run once per Idempotency-Key, and lists, gets and refuses to cancel a finished run', async () => {
    const esy = new EsyClient({ url: h.baseUrl, apiKey });
    const request = { workflow: 'etymology-essay', intent: { ...ESSAY_INTENT, word: 'hiraeth' } };
    const first = await esy.runs.create(request, { idempotencyKey: 'sdk-test-hiraeth' });
    const again = await esy.runs.create(request, { idempotencyKey: 'sdk-test-hiraeth' });
    expect(again.run.id).toBe(first.run.id);
    await waitForRun(h.t.http, user.auth, first.run.id, ['completed']);
    expect((await esy.runs.list({ limit: 50 })).runs.filter((r) => r.display_name === first.run.display_name)).toHaveLength(1);
    expect((await esy.runs.get(first.run.id)).run.status).toBe('completed');
    // A finished run's stream answers 204: follow() ends at once without events.
    const detail = await esy.runs.get(first.run.id);
    const late: RunEvent[] = [];
    for await (const event of esy.follow(first.run.id, { lastEventId: detail.last_event_id })) late.push(event);
    expect(late).toEqual([]);
    await expect(esy.runs.cancel(first.run.id)).rejects.toMatchObject({ status: 409, code: 'RUN_STATE_CONFLICT' });
    await expect(esy.runs.get('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(EsyApiError);
  }, 120_000);

  it('signs in with email and password, and after a 401 renews the access token with the refresh token, once', async () => {
    const calls: string[] = [];
    let spoilNext = false;
    // The first /auth/me goes out with a broken bearer token, as an expired one would: the server answers 401.
    const spy: typeof fetch = (input, init) => {
      const url = String(input);
      calls.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
      if (spoilNext && url.endsWith('/api/auth/me')) {
        spoilNext = false;
        return fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), authorization: 'Bearer expired.token.here' } });
      }
      return fetch(input, init);
    };
    const esy = new EsyClient({ url: h.baseUrl, email: user.email, password: user.password, fetch: spy });
    expect((await esy.me()).email).toBe(user.email);
    const firstRefreshToken = esy.session!.refresh_token;
    spoilNext = true;
    calls.length = 0;
    expect((await esy.me()).email).toBe(user.email);
    expect(calls).toEqual(['GET /api/auth/me', 'POST /api/auth/refresh', 'GET /api/auth/me']);
    expect(esy.session!.refresh_token).not.toBe(firstRefreshToken);
    await expect(new EsyClient({ url: h.baseUrl, email: user.email, password: 'wrong password' }).me()).rejects.toMatchObject({ status: 401 });
  }, 60_000);

  it('downloads a package that matches its manifest, and refuses one with a tampered byte', async () => {
    const esy = new EsyClient({ url: proxy.url, apiKey });
    const { run } = await esy.runs.create({ workflow: 'etymology-essay', intent: { ...ESSAY_INTENT, word: 'apricity' } });
    await waitForRun(h.t.http, user.auth, run.id, ['completed']);

    const pkg = await esy.downloadPackage(run.id);
    expect(pkg.fileName).toMatch(/^apricity.*\.zip$/);
    expect(pkg.manifest.run.id).toBe(run.id);
    expect([...pkg.files.keys()].sort()).toEqual(pkg.manifest.files.map((f) => f.path).sort());

    // One byte of one file changed, the zip otherwise intact (re-packed, so only the hash check can catch it).
    let tampered = '';
    proxy.tamperNextPackage((zip) => {
      const entries = unzipSync(new Uint8Array(zip));
      tampered = Object.keys(entries).find((path) => path.startsWith('deliverable/') && path.endsWith('.html'))!;
      entries[tampered] = Uint8Array.from(entries[tampered]);
      entries[tampered][10] ^= 0x01;
      return Buffer.from(zipSync(entries));
    });
    const failure = await esy.downloadPackage(run.id).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PackageVerificationError);
    expect((failure as PackageVerificationError).problems).toEqual([expect.stringMatching(new RegExp(`^${tampered}: sha256 [0-9a-f]{64} does not match`))]);

    // A byte flipped in transit inside the compressed data of the largest file: unreadable or mismatching, never accepted.
    proxy.tamperNextPackage((zip) => {
      const copy = Buffer.from(zip);
      const { start, size } = largestEntryData(copy);
      copy[start + Math.floor(size / 2)] ^= 0xff;
      return copy;
    });
    await expect(esy.downloadPackage(run.id)).rejects.toBeInstanceOf(PackageVerificationError);
  }, 120_000);

  it('verifyWebhookSignature accepts a real delivered webhook and rejects a wrong secret, an altered body and an old timestamp', async () => {
    const received: Array<{ headers: http.IncomingHttpHeaders; body: Buffer }> = [];
    const receiver = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks) });
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const esy = new EsyClient({ url: h.baseUrl, apiKey });
      const hook = await esy.webhooks.create({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/esy`, events: ['run_completed'] });
      const queued = await esy.webhooks.sendTest(hook.id);
      const delivery = await waitFor('the test delivery', async () => (await esy.webhooks.deliveries(hook.id)).find((d) => d.id === queued.id && d.status === 'succeeded'));
      expect(delivery).toMatchObject({ attempts: 1, last_status_code: 200, event_type: 'webhook_test' });

      const [{ headers, body }] = received;
      const signature = String(headers['esy-signature']);
      expect(JSON.parse(body.toString('utf8'))).toMatchObject({ id: headers['esy-event-id'], type: 'webhook_test' });
      expect(verifyWebhookSignature(hook.secret, signature, body, 300)).toBe(true);
      expect(verifyWebhookSignature(hook.secret, signature, body.toString('utf8'), 300)).toBe(true);
      expect(verifyWebhookSignature('whsec_not_the_secret', signature, body, 300)).toBe(false);
      expect(verifyWebhookSignature(hook.secret, signature, Buffer.concat([body, Buffer.from(' ')]), 300)).toBe(false);
      // The same request replayed six minutes later is refused with a five-minute tolerance.
      expect(verifyWebhookSignature(hook.secret, signature, body, 300, Date.now() + 6 * 60_000)).toBe(false);
      expect(verifyWebhookSignature(hook.secret, undefined, body, 300)).toBe(false);
      await esy.webhooks.remove(hook.id);
      expect((await esy.webhooks.list()).map((w) => w.id)).not.toContain(hook.id);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  }, 60_000);
});

/** Where the compressed bytes of the zip's largest entry lie, read from the central directory. */
function largestEntryData(zip: Buffer): { start: number; size: number } {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(eocd + 16);
  const entries = zip.readUInt16LE(eocd + 10);
  let best = { start: 0, size: 0 };
  for (let i = 0; i < entries; i++) {
    const size = zip.readUInt32LE(at + 20);
    const local = zip.readUInt32LE(at + 42);
    if (size > best.size) best = { start: local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28), size };
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return best;
}
