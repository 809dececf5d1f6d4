// Container health check without curl/wget in the slim image: `node docker/healthcheck.mjs api|worker`.
// api: GET /api/health on PORT. worker: GET /metrics on METRICS_PORT (with METRICS_TOKEN when set) — the worker
// serves no other HTTP, and an answer there shows its event loop is alive.
const role = process.argv[2] ?? 'api';
const env = process.env;
const url =
  role === 'worker'
    ? `http://127.0.0.1:${env.METRICS_PORT ?? 9464}/metrics`
    : `http://127.0.0.1:${env.PORT ?? 3000}/api/health`;
const headers = role === 'worker' && env.METRICS_TOKEN ? { authorization: `Bearer ${env.METRICS_TOKEN}` } : {};
try {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(25_000) });
  process.exit(response.ok ? 0 : 1);
} catch {
  process.exit(1);
}
