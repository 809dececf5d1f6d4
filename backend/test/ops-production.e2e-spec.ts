import { BRIEF, openRunStream, registerUser, scrape, startRun, total, waitForRun, type Auth, type Sample } from './ops-support/client';
import { createOpsStack, type OpsProcess, type OpsStack } from './ops-support/stack';
import { waitFor } from './ops-support/wait';

// Processes start and runs go through a real queue: allow for a busy CI machine.
jest.setTimeout(150_000);

/**
 * The production build, started as the images start it (built JavaScript, NODE_ENV=production, secrets from the
 * environment, API and worker as separate processes): health, readiness, a whole simulated run, the Prometheus
 * metrics it leaves behind, and the JSON logs of both processes.
 */
describe('Operations: the production build', () => {
  let stack: OpsStack;
  let api: OpsProcess;
  let worker: OpsProcess;
  let user: { auth: Auth; password: string; accessToken: string };
  let runId: string;
  let streamToken = '';

  beforeAll(async () => {
    stack = await createOpsStack({ ESY_SIMULATOR_LATENCY_MS: '20' });
    api = await stack.startApi();
    worker = await stack.startWorker();
    user = await registerUser(api.url);
  }, 240_000);
  afterAll(() => stack?.close(), 60_000);

  it('answers liveness and readiness', async () => {
    const live = await fetch(`${api.url}/api/health`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'ok' });
    const ready = await fetch(`${api.url}/api/health/ready`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'up', redis: 'up', migrations: 'up' } });
  });

  it('runs a whole workflow on the simulator, streamed live over SSE', async () => {
    runId = await startRun(api.url, user.auth);
    const tokenResponse = await fetch(`${api.url}/api/runs/${runId}/stream-token`, { method: 'POST', headers: user.auth });
    streamToken = (await tokenResponse.json()).token;
    const stream = await openRunStream(api.url, user.auth, runId);
    const detail = await waitForRun(api.url, user.auth, runId);
    expect(detail.run).toMatchObject({ status: 'completed', passed_gates: BRIEF.gates.length, simulated: true });
    expect(await stream.finished()).toBe('ended');
    const lifecycle = stream.events.map((e) => e.event).filter((type) => type !== 'gate_output');
    expect(lifecycle[0]).toBe('run_started');
    expect(lifecycle[lifecycle.length - 1]).toBe('run_completed');
    expect(lifecycle.filter((type) => type === 'gate_passed')).toHaveLength(BRIEF.gates.length);
  });

  it('serves /metrics only with the bearer token', async () => {
    expect((await scrape(api.metricsPort)).status).toBe(401);
    expect((await scrape(worker.metricsPort, 'wrong-token-wrong-token')).status).toBe(401);
    expect((await scrape(api.metricsPort, stack.secrets.metricsToken)).status).toBe(200);
  });

  it('exposes HTTP latency by route, queue, gate, model and SSE series with values that match the run', async () => {
    const fromApi = (await scrape(api.metricsPort, stack.secrets.metricsToken)).samples;
    const fromWorker = (await scrape(worker.metricsPort, stack.secrets.metricsToken)).samples;
    const both = (name: string, labels: Record<string, string> = {}) => total(fromApi, name, labels) + total(fromWorker, name, labels);

    // HTTP: by route template, never by raw path.
    expect(total(fromApi, 'esy_http_request_duration_seconds_count', { method: 'POST', route: '/api/runs', status: '201' })).toBe(1);
    expect(total(fromApi, 'esy_http_request_duration_seconds_count', { method: 'GET', route: '/api/runs/:id' })).toBeGreaterThan(0);
    expect(fromApi.some((s) => s.labels.route?.includes(runId))).toBe(false);

    // Gates: every gate passed once, with durations; the run finished once.
    for (const gate of BRIEF.gates) {
      expect({ gate, passed: both('esy_gate_outcomes_total', { gate, outcome: 'passed' }) }).toEqual({ gate, passed: 1 });
      expect(both('esy_gate_duration_seconds_count', { gate, outcome: 'passed' })).toBe(1);
    }
    expect(both('esy_gate_duration_seconds_sum')).toBeGreaterThan(0);
    expect(both('esy_runs_started_total')).toBe(1);
    expect(both('esy_runs_finished_total', { status: 'completed' })).toBe(1);

    // Queue: one job per gate went through this worker; nothing is waiting any more.
    expect(total(fromWorker, 'esy_queue_wait_seconds_count')).toBe(BRIEF.gates.length);
    expect(total(fromApi, 'esy_queue_jobs', { state: 'waiting' })).toBe(0);
    expect(fromApi.some((s) => s.name === 'esy_queue_jobs' && s.labels.state === 'active')).toBe(true);

    // Models: latency, tokens and cost by model agree with what the run recorded.
    const { body: detail } = await getJson(`${api.url}/api/runs/${runId}`, user.auth);
    const calls = total(fromWorker, 'esy_model_call_duration_seconds_count', { result: 'ok' });
    expect(calls).toBeGreaterThanOrEqual(BRIEF.gates.length);
    expect(modelsOf(fromWorker).length).toBeGreaterThan(0);
    expect(total(fromWorker, 'esy_model_tokens_total', { direction: 'in' })).toBe(detail.run.tokens_in);
    expect(total(fromWorker, 'esy_model_tokens_total', { direction: 'out' })).toBe(detail.run.tokens_out);
    expect(total(fromWorker, 'esy_model_cost_usd_total')).toBeCloseTo(Number(detail.run.total_cost_usd), 6);

    // Streams: the one opened above has closed. The server lets go of it when its response closes, which may be a
    // moment after the client has read the end: wait for it (a stream that never lets go fails here).
    await waitFor('the finished stream to be released', async () => {
      const samples = (await scrape(api.metricsPort, stack.secrets.metricsToken)).samples;
      return total(samples, 'esy_sse_clients') === 0;
    }, 10_000);
    // Process metrics carry the role.
    expect(fromWorker.find((s) => s.name === 'esy_process_resident_memory_bytes')?.labels.service).toBe('esy-worker');
  });

  it('writes only JSON log lines, with run and gate ids on run lines and no secrets anywhere', async () => {
    const apiLines = api.logLines();
    const workerLines = worker.logLines();
    expect(apiLines.length).toBeGreaterThan(5);
    expect(workerLines.length).toBeGreaterThan(5);

    // Requests carry their request id; requests about a run carry its id.
    const runRequest = apiLines.find((line) => (line.req as any)?.url === `/api/runs/${runId}`);
    expect(runRequest).toMatchObject({ run_id: runId, req: { id: expect.any(String) }, service: 'esy-api' });
    // Every gate of the run left a structured line in the worker, with run id, gate id and attempt.
    for (const gate of BRIEF.gates) {
      expect(workerLines.find((line) => line.event === 'gate_passed' && line.gate_id === gate)).toMatchObject({ run_id: runId, attempt: 1, service: 'esy-worker' });
    }
    // The stream token travelled in a query string; the log shows it redacted.
    expect(apiLines.some((line) => String((line.req as any)?.url ?? '').includes('token=[redacted]'))).toBe(true);

    const everything = api.stdout + api.stderr + worker.stdout + worker.stderr;
    const secrets = { ...stack.secrets, userPassword: user.password, accessToken: user.accessToken, streamToken };
    for (const [name, value] of Object.entries(secrets)) {
      expect({ name, leaked: value.length > 0 && everything.includes(value) }).toEqual({ name, leaked: false });
    }
    // No prompt bodies at info level: the agents' instructions never appear.
    expect(everything).not.toMatch(/You gather primary and secondary sources|Write only the files the gate asks for/);
  });
});

function modelsOf(samples: Sample[]): string[] {
  return [...new Set(samples.filter((s) => s.name === 'esy_model_cost_usd_total').map((s) => s.labels.model))];
}

async function getJson(url: string, auth: Auth): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { headers: auth });
  return { status: response.status, body: await response.json() };
}
