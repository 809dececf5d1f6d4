import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { validate } from 'dockerfile-utils';
import { ENV_VARIABLES } from '../src/config/env.variables';
import { EventStream } from './ops-support/client';
import { freePort, waitFor } from './ops-support/wait';

const ROOT = join(__dirname, '..', '..');
const DOCKER = join(ROOT, 'docker');
const read = (file: string) => readFileSync(join(DOCKER, file), 'utf8');

/**
 * docker/ checked without a Docker engine: the compose file against the Compose specification (dclint), the
 * Dockerfiles with a Dockerfile linter and for what the images promise (multi-stage, slim LTS base, production
 * dependencies only, non-root, health check), the nginx configuration with `nginx -t` and live (SSE through the
 * proxy, unbuffered), and .env.example against the backend's variable table.
 */
describe('Operations: docker/ files', () => {
  it('compose.yml follows the Compose specification and defines the whole stack', () => {
    // Host interfaces are a variable (BIND_ADDRESS), which this rule cannot read. `image` next to `build` names
    // the tag a build makes, so prebuilt images (docker/build-images.sh, an upgrade to another tag) are used as is.
    const rules = ['no-unbound-port-interfaces', 'no-build-and-image'].flatMap((rule) => ['--disable-rule', rule]);
    const lint = spawnSync(join(ROOT, 'node_modules', '.bin', 'dclint'), ['docker/compose.yml', '--quiet', ...rules], { cwd: ROOT, encoding: 'utf8' });
    expect({ exit: lint.status, output: lint.stdout + lint.stderr }).toEqual({ exit: 0, output: expect.any(String) });

    const compose = parse(read('compose.yml'), { merge: true }) as { services: Record<string, any>; volumes: Record<string, unknown> };
    expect(Object.keys(compose.services).sort()).toEqual(['admin-ui', 'api', 'postgres', 'redis', 'user-ui', 'worker']);
    expect(Object.keys(compose.volumes).sort()).toEqual(['postgres-data', 'redis-data']);
    const { api, worker } = compose.services;
    expect(api.command).toEqual(['node', 'dist/backend/backend/src/main.js']);
    expect(worker.command).toEqual(['node', 'dist/backend/backend/src/worker.js']);
    // Scalable: no fixed container name or host port on the worker.
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports).toBeUndefined();
    // Docker waits longer than the worker's own grace period before killing it.
    const grace = Number(ENV_VARIABLES.find((v) => v.name === 'WORKER_SHUTDOWN_GRACE_MS')!.default) / 1000;
    expect(parseInt(worker.stop_grace_period, 10)).toBeGreaterThan(grace + 10);
    for (const name of ['postgres', 'redis', 'api', 'worker']) expect({ name, healthcheck: !!compose.services[name].healthcheck }).toEqual({ name, healthcheck: true });
  });

  it.each(['backend.Dockerfile', 'ui.Dockerfile'])('%s passes the linter and builds a slim, non-root, multi-stage image', (file) => {
    const text = read(file);
    const problems = validate(text).map((d) => `${d.range.start.line + 1}: ${d.message}`);
    expect(problems).toEqual([]);
    const stages = text.match(/^FROM .+$/gm) ?? [];
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const final = text.slice(text.lastIndexOf('\nFROM '));
    expect(final).toMatch(/^USER (node|nginx)$/m);
    expect(final).toMatch(/^HEALTHCHECK /m);
    expect(text).toMatch(/^ARG NODE_VERSION=\d+$/m);
    // Base images are build arguments (a registry mirror, or the offline stand-ins), slim by default.
    expect(text).toMatch(/^ARG NODE_IMAGE=node:\$\{NODE_VERSION\}-trixie-slim$/m);
    // Every stage starts from a base-image argument, an earlier stage or the empty image: nothing else is pulled.
    const names = stages.map((line) => / AS (\S+)$/.exec(line)?.[1]).filter(Boolean);
    for (const line of stages) {
      const from = line.split(/\s+/)[1];
      expect({ line, ok: /^\$\{(NODE|NGINX)_IMAGE\}$/.test(from) || from === 'scratch' || names.includes(from) }).toEqual({ line, ok: true });
    }
    // A `# syntax` line would make BuildKit pull its frontend from Docker Hub: offline builds would fail.
    expect(text).not.toMatch(/^# *syntax=/m);
    // Every `npm ci` may use a corporate CA bundle, given as a build secret (never written to a layer).
    const installs = text.match(/^RUN [^\n]*(\\\n[^\n]*)*npm ci/gm) ?? [];
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install).toMatch(/^RUN --mount=type=secret,id=ca /);
    expect(text).not.toMatch(/COPY [^\n]*ca[-_]?(bundle|cert)/i);
    for (const label of ['version', 'revision']) expect(final).toMatch(new RegExp(`org\\.opencontainers\\.image\\.${label}="\\$\\{ESY_`));
  });

  it('the offline base-image script builds the exact names the Dockerfiles and compose.yml use', () => {
    const script = readFileSync(join(DOCKER, 'offline', 'build-base-images.sh'), 'utf8');
    expect(spawnSync('sh', ['-n', join(DOCKER, 'offline', 'build-base-images.sh')]).status).toBe(0);
    // It reads the names with these patterns: each must find exactly one default.
    expect(script).toContain('ARG NODE_VERSION=');
    expect(read('ui.Dockerfile').match(/^ARG NGINX_IMAGE=\S+$/gm)).toHaveLength(1);
    expect(read('compose.yml').match(/image: \$\{POSTGRES_IMAGE:-postgres:\d+-trixie\}$/gm)).toHaveLength(1);
    expect(read('compose.yml').match(/image: \$\{REDIS_IMAGE:-redis:[^}]+\}$/gm)).toHaveLength(1);
  });

  it('the backend image holds production dependencies only, on a shell-less runtime, and sets ORCHESTRATION_DIR', () => {
    const text = read('backend.Dockerfile');
    expect(text).toMatch(/npm prune --omit=dev/);
    // Compilers the production tree declares but the server never loads are removed too.
    expect(text).toMatch(/\snode_modules\/typescript\s/);
    const final = text.slice(text.lastIndexOf('\nFROM '));
    expect(final).toMatch(/COPY --from=prod-deps \/app\/node_modules/);
    expect(final).toMatch(/ORCHESTRATION_DIR=\/app\/orchestration/);
    expect(final).toMatch(/CMD \["node", "dist\/backend\/backend\/src\/main\.js"\]/);
    // Distroless-style: the runtime starts from the empty image plus the node binary's own root file system.
    expect(final).toMatch(/^FROM scratch AS runtime$/m);
    expect(final).toMatch(/^COPY --from=runtime-root \/rootfs \/$/m);
  });

  it('.env.example lists every variable, exactly as the generator prints it', () => {
    const generated = spawnSync(process.execPath, ['-r', './backend/tools/swc-register.cjs', 'docker/tools/env-example.ts'], { cwd: ROOT, encoding: 'utf8' });
    expect(generated.status).toBe(0);
    expect(read('.env.example')).toBe(generated.stdout);
    for (const variable of ENV_VARIABLES) expect(read('.env.example')).toMatch(new RegExp(`^(# )?${variable.name}=`, 'm'));
  });

  it("the README's configuration table is the one the backend prints", () => {
    const printed = spawnSync(process.execPath, ['-r', './backend/tools/swc-register.cjs', 'backend/tools/print-env-table.ts'], { cwd: ROOT, encoding: 'utf8' });
    expect(printed.status).toBe(0);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = /<!-- env-table:start -->\n([\s\S]*?)<!-- env-table:end -->/.exec(readme)?.[1];
    expect(table).toBe(printed.stdout);
  });

  describe('nginx in front of the API', () => {
    let dir: string;
    let upstream: Server;
    let nginx: ChildProcess | null = null;
    let port: number;
    let config: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'esy-nginx-'));
      chmodSync(dir, 0o755); // nginx workers run as an unprivileged user
      mkdirSync(join(dir, 'html'));
      writeFileSync(join(dir, 'html', 'index.html'), '<!doctype html><title>esy</title>');
      // A stand-in API: /api/stream sends an event every 100 ms for a second (as the real streams do: no length).
      upstream = createServer((request, response) => {
        if (request.url !== '/api/stream') return void response.writeHead(404).end();
        response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
        let n = 0;
        const timer = setInterval(() => {
          response.write(`id: ${++n}\nevent: tick\ndata: {"n":${n},"at":${Date.now()}}\n\n`);
          if (n === 10) {
            clearInterval(timer);
            response.end();
          }
        }, 100);
      });
      const upstreamPort = await freePort();
      await new Promise<void>((resolve) => upstream.listen(upstreamPort, '127.0.0.1', resolve));
      port = await freePort();
      // What the image's template step does: fill in API_UPSTREAM and NGINX_RESOLVER, and nothing else.
      const server = read('nginx/app.conf.template')
        .replace(/\$\{API_UPSTREAM\}/g, `127.0.0.1:${upstreamPort}`)
        .replace(/\$\{NGINX_RESOLVER\}/g, '127.0.0.1')
        .replace('listen 8080;', `listen 127.0.0.1:${port};`)
        .replace('root /usr/share/nginx/html;', `root ${join(dir, 'html')};`);
      config = join(dir, 'nginx.conf');
      const temp = (name: string) => `${name} ${join(dir, name)};`;
      writeFileSync(
        config,
        [
          'daemon off;',
          'worker_processes 1;',
          `pid ${join(dir, 'nginx.pid')};`,
          `error_log ${join(dir, 'error.log')} warn;`,
          'events { worker_connections 64; }',
          'http {',
          '  include /etc/nginx/mime.types;',
          '  access_log off;',
          ...['client_body_temp_path', 'proxy_temp_path', 'fastcgi_temp_path', 'uwsgi_temp_path', 'scgi_temp_path'].map((t) => `  ${temp(t)}`),
          server,
          '}',
        ].join('\n'),
      );
    });

    afterAll(async () => {
      if (nginx && nginx.exitCode === null) {
        nginx.kill('SIGQUIT');
        await new Promise((resolve) => nginx!.once('exit', resolve));
      }
      await new Promise((resolve) => upstream?.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    });

    it('passes `nginx -t`, with streaming settings on the /api location', () => {
      const api = /location \/api\/ \{([\s\S]*?)\n {4}\}/.exec(read('nginx/app.conf.template'))?.[1] ?? '';
      expect(api).toMatch(/proxy_buffering off;/);
      // The API's address is resolved per request (through a variable), so replaced API containers are found.
      expect(api).toMatch(/proxy_pass http:\/\/\$api_upstream;/);
      expect(read('nginx/app.conf.template')).toMatch(/resolver \$\{NGINX_RESOLVER\} valid=\d+s/);
      expect(read('ui.Dockerfile')).toMatch(/NGINX_ENVSUBST_FILTER=\^\(API_UPSTREAM\|NGINX_RESOLVER\)\$/);
      expect(api).toMatch(/proxy_http_version 1\.1;/);
      // Longer than the API's heartbeat interval, so idle streams are not cut by the proxy.
      const readTimeout = /proxy_read_timeout (\d+)h;/.exec(api);
      expect(Number(readTimeout?.[1]) * 3600_000).toBeGreaterThan(Number(ENV_VARIABLES.find((v) => v.name === 'SSE_HEARTBEAT_MS')!.default));
      expect(existsSync('/usr/sbin/nginx') || spawnSync('which', ['nginx']).status === 0).toBe(true);
      const test = spawnSync('nginx', ['-t', '-c', config, '-p', dir], { encoding: 'utf8' });
      expect({ exit: test.status, output: test.stderr }).toEqual({ exit: 0, output: expect.stringContaining('test is successful') });
    });

    it('serves the app, falls back to index.html for client routes, and passes SSE events on as they happen', async () => {
      nginx = spawn('nginx', ['-c', config, '-p', dir], { stdio: 'ignore' });
      await waitFor('nginx', async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok, 10_000, 100);

      const route = await fetch(`http://127.0.0.1:${port}/runs/some-client-route`);
      expect(route.status).toBe(200);
      expect(await route.text()).toContain('<title>esy</title>');

      const stream = await EventStream.open(`http://127.0.0.1:${port}/api/stream`);
      expect(stream.status).toBe(200);
      // The first events arrive while the upstream is still writing (not all at once when the response ends).
      await waitFor('the first event through nginx', async () => stream.events.length >= 1, 5000, 10);
      expect(stream.events.length).toBeLessThan(10);
      expect(await stream.finished(10_000)).toBe('ended');
      expect(stream.events.map((e) => e.data.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });
  });
});
