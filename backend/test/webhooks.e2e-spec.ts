import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Redis from 'ioredis';
import { runEventsChannel } from '../src/engine/run-event-message';
import { REDIS } from '../src/redis/redis.module';
import { verifyWebhookSignature } from '../src/webhooks/webhook-signature';
import { loginAdmin, registerUser, startTestApp, type Session, type TestApp } from './support';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local receiver that answers 500 to the first `failures` requests, then 200; it records every request. */
async function startReceiver(failures = 0) {
  const received: Received[] = [];
  let remainingFailures = failures;
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.statusCode = remainingFailures-- > 0 ? 500 : 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('webhooks', () => {
  let t: TestApp;
  let user: Session;

  beforeAll(async () => {
    t = await startTestApp({ env: { WEBHOOK_RETRY_BASE_MS: '50', WEBHOOK_BLOCK_PRIVATE_ADDRESSES: 'false' } });
    user = await registerUser(t.http);
  });
  afterAll(() => t?.close());

  const deliveriesOf = async (id: string) => (await t.http.get(`/api/webhooks/${id}/deliveries`).set(user.auth).expect(200)).body.deliveries;

  it('delivers a run event signed with the secret shown once, with a stable Esy-Event-Id', async () => {
    const receiver = await startReceiver();
    try {
      const created = await t.http.post('/api/webhooks').set(user.auth).send({ url: receiver.url, events: ['run_completed'] }).expect(201);
      const { secret, id } = created.body;
      expect(secret).toMatch(/^whsec_/);
      const listed = (await t.http.get('/api/webhooks').set(user.auth).expect(200)).body.webhooks;
      expect(listed).toEqual([expect.objectContaining({ id, url: receiver.url, events: ['run_completed'] })]);
      expect(JSON.stringify(listed)).not.toContain(secret);

      // A real run of this user, and its run_completed event as a worker would publish it.
      const { workflows } = (await t.http.get('/api/workflows').set(user.auth).expect(200)).body;
      const run = await t.http.post('/api/runs').set(user.auth).send({ spec_id: workflows[0].active_spec_id, intent: { word: 'kith' } }).expect(201);
      const runId = run.body.run.id;
      const redis = t.app.get<Redis>(REDIS);
      const message = { id: 987654, prev_id: 987653, run_id: runId, type: 'run_completed', payload: { total_cost_usd: '0.01' }, created_at: new Date().toISOString() };
      await redis.publish(runEventsChannel(t.config.redis.keyPrefix), JSON.stringify(message));

      const [request] = await waitFor(async () => (receiver.received.length ? receiver.received : undefined), 'the delivery');
      expect(request.headers['esy-event-id']).toBe('evt_987654');
      expect(request.headers['esy-event-type']).toBe('run_completed');
      expect(verifyWebhookSignature(secret, request.body, String(request.headers['esy-signature']))).toBe(true);
      expect(verifyWebhookSignature('whsec_wrong', request.body, String(request.headers['esy-signature']))).toBe(false);
      expect(verifyWebhookSignature(secret, request.body.replace('kith', 'kin') + ' ', String(request.headers['esy-signature']))).toBe(false);
      expect(JSON.parse(request.body)).toMatchObject({ id: 'evt_987654', type: 'run_completed', run_id: runId, data: { payload: { total_cost_usd: '0.01' } } });

      // The same event published again (another API process, a replay) is not delivered twice.
      await redis.publish(runEventsChannel(t.config.redis.keyPrefix), JSON.stringify(message));
      const log = await waitFor(async () => {
        const rows = await deliveriesOf(id);
        return rows[0]?.status === 'succeeded' ? rows : undefined;
      }, 'the delivery log');
      expect(log).toEqual([expect.objectContaining({ event_id: 'evt_987654', status: 'succeeded', attempts: 1, last_status_code: 200 })]);
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('retries a failing receiver with back-off and logs every attempt (send test event)', async () => {
    const receiver = await startReceiver(2);
    try {
      const { id, secret } = (await t.http.post('/api/webhooks').set(user.auth).send({ url: receiver.url, events: ['run_failed'] }).expect(201)).body;
      const queued = await t.http.post(`/api/webhooks/${id}/test`).set(user.auth).expect(202);
      expect(queued.body).toMatchObject({ event_type: 'webhook_test', status: 'pending' });
      const [delivery] = await waitFor(async () => {
        const rows = await deliveriesOf(id);
        return rows[0]?.status === 'succeeded' ? rows : undefined;
      }, 'three attempts');
      expect(delivery).toMatchObject({ attempts: 3, last_status_code: 200, last_error: null });
      expect(receiver.received).toHaveLength(3);
      const eventIds = new Set(receiver.received.map((r) => r.headers['esy-event-id']));
      expect(eventIds.size).toBe(1);
      for (const request of receiver.received) expect(verifyWebhookSignature(secret, request.body, String(request.headers['esy-signature']))).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  it('validates subscriptions; another user gets 404; a read-only key cannot subscribe', async () => {
    await t.http.post('/api/webhooks').set(user.auth).send({ url: 'ftp://example.com/x', events: ['run_failed'] }).expect(400);
    await t.http.post('/api/webhooks').set(user.auth).send({ url: 'https://example.com/x', events: ['gate_started'] }).expect(400);
    await t.http.post('/api/webhooks').set(user.auth).send({ url: 'https://example.com/x', events: null }).expect(400);
    const { id } = (await t.http.post('/api/webhooks').set(user.auth).send({ url: 'https://example.com/x', events: ['run_paused'] }).expect(201)).body;
    const stranger = await registerUser(t.http);
    await t.http.get(`/api/webhooks/${id}/deliveries`).set(stranger.auth).expect(404);
    await t.http.delete(`/api/webhooks/${id}`).set(stranger.auth).expect(404);
    const admin = await loginAdmin(t.http);
    expect((await t.http.get('/api/webhooks').set(admin.auth).expect(200)).body.webhooks.map((w: { id: string }) => w.id)).toContain(id);
    const key = await t.http.post('/api/auth/api-keys').set(user.auth).send({ name: 'reader', scopes: ['read'] }).expect(201);
    await t.http.post('/api/webhooks').set('X-API-Key', key.body.secret).send({ url: 'https://example.com/y', events: ['run_paused'] }).expect(403);
    await t.http.delete(`/api/webhooks/${id}`).set(user.auth).expect(204);
    await t.http.get(`/api/webhooks/${id}/deliveries`).set(user.auth).expect(404);
  });

  it('refuses private and loopback addresses when WEBHOOK_BLOCK_PRIVATE_ADDRESSES is on', async () => {
    const strict = await startTestApp({ env: { WEBHOOK_BLOCK_PRIVATE_ADDRESSES: 'true' } });
    try {
      const someone = await registerUser(strict.http);
      for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://10.1.2.3/hook', 'http://[::1]/hook', 'http://169.254.169.254/latest', 'http://192.168.0.10/']) {
        const refused = await strict.http.post('/api/webhooks').set(someone.auth).send({ url, events: ['run_completed'] }).expect(400);
        expect(refused.body.details).toEqual([{ field: 'url', message: expect.stringMatching(/private|loopback|resolve/) }]);
      }
      await strict.http.post('/api/webhooks').set(someone.auth).send({ url: 'https://93.184.215.14/hook', events: ['run_completed'] }).expect(201);
    } finally {
      await strict.close();
    }
  });
});
