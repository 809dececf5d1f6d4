#!/usr/bin/env node
// Serves a built Angular app (dist/<app>) with the single-page fallback to index.html, and optionally proxies
// /api to the backend. For screenshots and browser tests of production builds.
//   node scripts/serve-dist.mjs <dir> [--port 4300] [--api http://127.0.0.1:3000]
import { createReadStream, existsSync, statSync } from 'node:fs';
import { request as httpRequest, createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : fallback;
};
const dir = resolve(args[0] ?? '');
if (!args[0] || !existsSync(join(dir, 'index.html'))) {
  console.error(`serve-dist: ${dir}/index.html not found — build the app first (npx nx build user-ui)`);
  process.exit(2);
}
const port = Number(option('port', '4300'));
const api = option('api', null);

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.png': 'image/png',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

function proxy(req, res) {
  const target = new URL(req.url, api);
  const upstream = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (reply) => {
    res.writeHead(reply.statusCode ?? 502, reply.headers);
    reply.pipe(res); // streamed as it arrives: SSE is not buffered
    // If the backend dies mid-response (an open event stream when the API restarts), end the browser's connection
    // too, as a real reverse proxy does; otherwise EventSource would wait on a silent socket forever.
    reply.on('close', () => {
      if (!reply.complete) res.destroy();
    });
  });
  upstream.on('error', () => {
    if (res.headersSent) return void res.destroy();
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 502, code: 'BAD_GATEWAY', message: `Backend at ${api} is not reachable` }));
  });
  // The browser went away (page closed, EventSource closed): stop the backend request as well.
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}

createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  if (path.startsWith('/api/')) {
    if (api) return proxy(req, res);
    res.writeHead(503, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ status: 503, code: 'NO_BACKEND', message: 'serve-dist was started without --api' }));
  }
  // normalize() + the prefix check keep requests inside the served directory.
  let file = normalize(join(dir, path));
  if (!file.startsWith(dir)) {
    res.writeHead(400);
    return res.end();
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(dir, 'index.html');
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  const immutable = /-[A-Z0-9]{8}\.(js|css)$/.test(file);
  res.writeHead(200, { 'content-type': type, 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' });
  createReadStream(file).pipe(res);
}).listen(port, '127.0.0.1', () => console.log(`serve-dist: ${dir} on http://127.0.0.1:${port}${api ? ` (api → ${api})` : ''}`));
