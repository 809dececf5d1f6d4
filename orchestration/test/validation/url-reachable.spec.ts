import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkOne } from '../support/validate-helpers';

/** A local server whose routes say how to answer; every request is recorded. */
let server: Server;
let base: string;
const requests: { method: string; url: string }[] = [];
const hanging: ServerResponse[] = [];

function route(req: IncomingMessage, res: ServerResponse): void {
  requests.push({ method: req.method ?? '', url: req.url ?? '' });
  const url = new URL(req.url ?? '/', base);
  const hop = /^\/redirect\/(\d+)$/.exec(url.pathname);
  if (hop) {
    const left = Number(hop[1]);
    res.writeHead(302, { location: left > 1 ? `/redirect/${left - 1}` : '/ok' }).end();
    return;
  }
  switch (url.pathname) {
    case '/loop':
      res.writeHead(301, { location: '/loop' }).end();
      return;
    case '/missing':
      res.writeHead(404).end();
      return;
    case '/slow':
      hanging.push(res);
      return;
    case '/no-head':
      res.writeHead(req.method === 'HEAD' ? 405 : 200).end();
      return;
    default:
      res.writeHead(200, { 'content-type': 'text/plain' }).end(req.method === 'HEAD' ? undefined : 'ok');
  }
}

beforeAll(async () => {
  server = createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
});

const validation = (extra: Record<string, unknown> = {}) => ({ type: 'url_reachable', target: '{artifact_path}/sources.md', ...extra });
const files = (...paths: string[]) => ({ 'sources.md': paths.map((path) => `- [source](${base}${path}).`).join('\n') });
const network = { network: true, urlTimeoutMs: 2000 };

describe('url_reachable', () => {
  it('passes when every URL answers 2xx, using HEAD', async () => {
    const { row } = await checkOne(validation(), files('/a', '/b'), network);
    expect(row.passed).toBe(true);
    expect(row.detail).toContain('2/2 reachable');
    expect(requests.every((request) => request.method === 'HEAD')).toBe(true);
  });

  it('fails on a 404 unless max_failures allows it', async () => {
    const strict = await checkOne(validation(), files('/a', '/missing'), network);
    expect(strict.row.passed).toBe(false);
    expect(strict.row.detail).toContain('/missing → HTTP 404');
    expect((await checkOne(validation({ max_failures: 1 }), files('/a', '/missing'), network)).row.passed).toBe(true);
  });

  it('follows up to 5 redirects and fails beyond, and on loops', async () => {
    expect((await checkOne(validation(), files('/redirect/5'), network)).row.passed).toBe(true);
    const tooMany = await checkOne(validation(), files('/redirect/6'), network);
    expect(tooMany.row.passed).toBe(false);
    expect(tooMany.row.detail).toContain('more than 5 redirects');
    expect((await checkOne(validation(), files('/loop'), network)).row.detail).toContain('more than 5 redirects');
  });

  it('times out a URL that never answers', async () => {
    const { row } = await checkOne(validation(), files('/slow', '/a'), { network: true, urlTimeoutMs: 300 });
    expect(row.passed).toBe(false);
    expect(row.detail).toContain('/slow → timed out after 300 ms');
    expect(row.detail).toContain('1/2 reachable');
  });

  it('falls back to GET when HEAD is refused with 405', async () => {
    expect((await checkOne(validation(), files('/no-head'), network)).row.passed).toBe(true);
    expect(requests.map((request) => request.method)).toEqual(['HEAD', 'GET']);
  });

  it('deduplicates URLs before checking', async () => {
    const { row } = await checkOne(validation(), files('/a', '/a', '/a', '/b'), network);
    expect(row.detail).toContain('2/2 reachable');
    expect(requests).toHaveLength(2);
  });

  it('samples sample_size URLs, spread evenly and the same every time', async () => {
    const paths = Array.from({ length: 10 }, (_, i) => `/page/${i}`);
    const { row } = await checkOne(validation({ sample_size: 3 }), files(...paths), network);
    expect(row.detail).toContain('sample of 3 from 10 distinct URLs');
    expect(requests.map((request) => request.url)).toEqual(expect.arrayContaining(['/page/0', '/page/3', '/page/6']));
    expect(requests).toHaveLength(3);
  });

  it('only URLs matching url_pattern are checked', async () => {
    const text = { 'sources.md': `${base}/images/a.jpg ${base}/missing ${base}/images/b.jpg` };
    const { row } = await checkOne(validation({ url_pattern: `${base.replace(/[.]/g, '\\.')}/images/[^\\s]+` }), text, network);
    expect(row.passed).toBe(true);
    expect(requests.map((request) => request.url).sort()).toEqual(['/images/a.jpg', '/images/b.jpg']);
  });

  it('is reported skipped, making no request, when network checks are off', async () => {
    const { row, outcome } = await checkOne(validation(), files('/missing'), { network: false });
    expect(row).toMatchObject({ passed: true, skipped: true, detail: 'skipped: network checks are off', target: 'sources.md' });
    expect(outcome).toBe('pass');
    expect(requests).toHaveLength(0);
  });

  it('a file without a matching URL fails, as in Esy (nothing checked proves nothing), and so does a missing file', async () => {
    const empty = await checkOne(validation(), { 'sources.md': 'no links' }, network);
    expect(empty.row.passed).toBe(false);
    expect(empty.row.detail).toContain('no URL matches the pattern');
    expect((await checkOne(validation(), {}, network)).row.passed).toBe(false);
  });

  it('an invalid url_pattern is a contract error', async () => {
    expect((await checkOne(validation({ url_pattern: '(' }), files('/a'), network)).row.code).toBe('CONTRACT_ERROR');
  });
});
