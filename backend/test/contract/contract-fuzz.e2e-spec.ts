import { loginAdmin, registerUser, startTestApp, type TestApp } from '../support';
import { ContractChecker, type FuzzResponse } from './contract-checker';
import { type DocumentedOperation, type OpenApiDocument, operationsOf } from './openapi-types';
import { type FuzzInput, fuzzInputs } from './request-inputs';

interface Identity {
  name: string;
  headers: Record<string, string>;
  /** Whether this identity gets every fuzz input of the operation (else the first three). */
  fullFor(op: DocumentedOperation): boolean;
}

const isAdminRoute = (op: DocumentedOperation) => op.path.startsWith('/api/admin');
const isPublic = (op: DocumentedOperation) => !op.operation.security?.length;

/**
 * Driven by the served /api/docs-json: every operation × {anonymous, user, admin, read-only API key} × a baseline
 * and schema-breaking inputs. No 5xx ever; no 2xx for a request the document calls invalid; every response
 * (status, media type, body) as documented. Failures are listed together, one line each.
 */
describe('API contract (fuzz from the OpenAPI document)', () => {
  let t: TestApp;
  let document: OpenApiDocument;
  let identities: Identity[];
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '10000' } });
    // A real listening server and fetch: a stream's headers can be read and the stream dropped.
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    document = (await t.http.get('/api/docs-json').expect(200)).body;
    const user = await registerUser(t.http);
    const admin = await loginAdmin(t.http);
    const key = await t.http.post('/api/auth/api-keys').set(user.auth).send({ name: 'fuzz read', scopes: ['read'] }).expect(201);
    identities = [
      { name: 'anonymous', headers: {}, fullFor: isPublic },
      { name: 'user', headers: user.auth, fullFor: (op) => !isAdminRoute(op) && !isPublic(op) && op.method !== 'get' },
      { name: 'admin', headers: admin.auth, fullFor: isAdminRoute },
      { name: 'read key', headers: { 'X-API-Key': key.body.secret }, fullFor: (op) => !isAdminRoute(op) && op.method === 'get' },
    ];
  });
  afterAll(() => t?.close());

  async function send(op: DocumentedOperation, input: FuzzInput, identity: Identity): Promise<FuzzResponse> {
    const query = new URLSearchParams(input.query).toString();
    const headers: Record<string, string> = { ...identity.headers };
    let body: string | undefined;
    if (input.rawBody !== undefined || input.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = input.rawBody ?? JSON.stringify(input.body);
    }
    const response = await fetch(`${baseUrl}${input.path}${query ? `?${query}` : ''}`, {
      method: op.method.toUpperCase(),
      headers,
      body,
      // The API's own answer: a redirect (single sign-on) is checked as documented, not followed elsewhere.
      redirect: 'manual',
      signal: AbortSignal.timeout(20_000),
    });
    const contentType = response.headers.get('content-type') ?? '';
    if (contentType.startsWith('text/event-stream')) {
      await response.body?.cancel();
      return { status: response.status, contentType, text: '', body: undefined };
    }
    const text = await response.text();
    let parsed: unknown = text;
    if (contentType.includes('json') && text) parsed = JSON.parse(text);
    return { status: response.status, contentType, text, body: parsed };
  }

  it('no 5xx, no 2xx for invalid input, every response as documented', async () => {
    const checker = new ContractChecker(document);
    const failures: string[] = [];
    let requests = 0;
    for (const op of operationsOf(document)) {
      const inputs = fuzzInputs(document, op);
      for (const identity of identities) {
        for (const [index, input] of inputs.entries()) {
          const where = `${op.operation.operationId} [${identity.name}] ${input.label}`;
          let response: FuzzResponse;
          try {
            response = await send(op, input, identity);
          } catch (error) {
            failures.push(`${where}: no answer (${(error as Error).message})`);
            continue;
          }
          requests++;
          if (response.status >= 500) failures.push(`${where}: ${response.status} ${response.text.slice(0, 120)}`);
          const violation = checker.requestViolation(op, input);
          if (violation && response.status < 300) failures.push(`${where}: ${response.status} accepted an invalid request (${violation})`);
          for (const problem of checker.responseViolations(op, response)) failures.push(`${where}: ${problem}`);
          // Validation does not depend on who asks: each operation gets every input from the one identity it is
          // built for, and a few from the others (enough to show they are refused or served the same way).
          if (index >= 2 && !identity.fullFor(op)) break;
        }
      }
    }
    expect(requests).toBeGreaterThan(800);
    process.stdout.write(`contract fuzz: ${requests} requests\n`);
    expect(failures).toEqual([]);
  }, 600_000);
});
