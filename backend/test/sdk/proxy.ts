import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyRequest {
  method: string;
  url: string;
  lastEventId: string | undefined;
}

export interface FaultyProxy {
  url: string;
  requests: ProxyRequest[];
  /** Cut the next run stream (the client's TCP connection) once it has carried this many events. */
  dropNextStreamAfter(events: number): void;
  /** Rewrite the next package download's body before the client sees it. */
  tamperNextPackage(rewrite: (zip: Buffer) => Buffer): void;
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of the test API that can fail the way networks do: it cuts a live event stream
 * mid-run (the client's socket is destroyed, as when a NAT or load balancer drops it) and can alter a download.
 */
export async function startFaultyProxy(target: string): Promise<FaultyProxy> {
  const requests: ProxyRequest[] = [];
  let dropAfter: number | null = null;
  let tamper: ((zip: Buffer) => Buffer) | null = null;
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method!, url: req.url!, lastEventId: req.headers['last-event-id'] as string | undefined });
    const isStream = req.method === 'GET' && /^\/api\/runs\/[^/]+\/stream(\?|$)/.test(req.url!);
    const isPackage = req.method === 'GET' && /^\/api\/runs\/[^/]+\/package$/.test(req.url!);
    const cutAfter = isStream ? dropAfter : null;
    if (isStream) dropAfter = null;
    const rewrite = isPackage ? tamper : null;
    if (isPackage) tamper = null;
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        if (rewrite) {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const body = rewrite(Buffer.concat(chunks));
            const headers = { ...answer.headers, 'content-length': String(body.length) };
            delete headers['transfer-encoding'];
            res.writeHead(answer.statusCode!, headers);
            res.end(body);
          });
          return;
        }
        res.writeHead(answer.statusCode!, answer.headers);
        let events = 0;
        answer.on('data', (chunk: Buffer) => {
          res.write(chunk);
          if (cutAfter === null) return;
          events += (chunk.toString('utf8').match(/^id: /gm) ?? []).length;
          if (events >= cutAfter) {
            answer.destroy();
            res.socket?.destroy();
          }
        });
        answer.on('end', () => res.end());
        answer.on('error', () => res.destroy());
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    dropNextStreamAfter: (events) => (dropAfter = events),
    tamperNextPackage: (rewrite) => (tamper = rewrite),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
