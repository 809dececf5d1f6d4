import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EsyApiError, EsyClient, type RunEvent } from '@esy/sdk';

/**
 * @esy/sdk follow() (what `esy remote` uses) against an HTTP server that speaks the platform's SSE format and drops the connection
 * mid-run: the client reconnects with Last-Event-ID and sees every event exactly once, in order.
 */
const EVENTS = [
  { type: 'run_started', payload: {} },
  { type: 'gate_started', payload: { gate_id: 'G1', attempt_number: 1, max_attempts: 3 } },
  { type: 'gate_passed', payload: { gate_id: 'G1' } },
  { type: 'gate_started', payload: { gate_id: 'G2', attempt_number: 1, max_attempts: 3 } },
  { type: 'gate_passed', payload: { gate_id: 'G2' } },
  { type: 'run_completed', payload: {} },
];

function sse(id: number): string {
  const event = EVENTS[id - 1];
  return `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify({ id, run_id: 'r1', type: event.type, payload: event.payload, created_at: new Date().toISOString() })}\n\n`;
}

describe('esy remote follow', () => {
  let server: Server;
  let api: EsyClient;
  const seenLastEventIds: Array<string | undefined> = [];
  const seenAuth: string[] = [];

  beforeAll(async () => {
    let connections = 0;
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      seenAuth.push(String(req.headers.authorization));
      if (req.url === '/api/runs/missing/stream') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 404, code: 'NOT_FOUND', message: 'Run not found.' }));
        return;
      }
      connections += 1;
      const lastId = req.headers['last-event-id'] as string | undefined;
      seenLastEventIds.push(lastId);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const from = lastId ? Number(lastId) + 1 : 1;
      if (connections === 1) {
        // first connection: three events, then the network "drops"
        res.write(sse(1) + sse(2) + sse(3));
        setTimeout(() => res.destroy(), 20);
        return;
      }
      for (let id = from; id <= EVENTS.length; id++) res.write(sse(id));
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = new EsyClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: 'esy_test_key' });
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('reconnects with Last-Event-ID and delivers every event exactly once', async () => {
    const received: RunEvent[] = [];
    const reconnects: string[] = [];
    for await (const event of api.follow('r1', { stopOnPause: true, onReconnect: (_attempt, reason) => reconnects.push(reason) })) received.push(event);
    expect(received.map((event) => `${event.id}:${event.type}`)).toEqual(EVENTS.map((event, index) => `${index + 1}:${event.type}`));
    expect(received[1].payload).toEqual({ gate_id: 'G1', attempt_number: 1, max_attempts: 3 });
    expect(reconnects).toHaveLength(1);
    expect(seenLastEventIds).toEqual([undefined, '3']);
    expect(seenAuth.every((header) => header === 'Bearer esy_test_key')).toBe(true);
  });

  it('stops at once with the server’s message when the stream is refused', async () => {
    const follow = async () => {
      for await (const _event of api.follow('missing')) throw new Error('no event expected');
    };
    await expect(follow()).rejects.toEqual(new EsyApiError(404, 'NOT_FOUND', 'Run not found.'));
  });

  it('refuses an empty API key and a URL that is not one, naming what is wrong', () => {
    expect(() => new EsyClient({ url: 'http://localhost:3000', apiKey: '' })).toThrow(/API key is empty/);
    expect(() => new EsyClient({ url: 'localhost:3000', apiKey: 'k' })).toThrow(/must start with http/);
    expect(() => new EsyClient({ url: 'not a url', apiKey: 'k' })).toThrow(/is not a server URL/);
  });
});
