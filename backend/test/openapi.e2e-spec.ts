import { generateOpenApiDocument } from '../src/openapi/export-openapi';
import { startTestApp, type TestApp } from './support';

interface Operation {
  operationId: string;
  security?: unknown;
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

const PUBLIC_OPERATIONS = new Set(['Health_live', 'Health_ready', 'Auth_register', 'Auth_login', 'Auth_refresh', 'Auth_logout', 'Auth_forgotPassword', 'Auth_resetPassword', 'Runs_renewStreamToken', 'Auth_ssoInfo', 'Auth_ssoStart', 'Auth_ssoCallback', 'Auth_ssoExchange']);

/** Browser navigations that answer with a redirect instead of a body. */
const REDIRECT_OPERATIONS = new Set(['Auth_ssoStart', 'Auth_ssoCallback']);

describe('OpenAPI', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('serves Swagger UI at /api/docs and the document at /api/docs-json, without authentication', async () => {
    const ui = await t.http.get('/api/docs/').expect(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    // Helmet's CSP forbids inline scripts: the UI must load its script from a file.
    expect(ui.text).not.toMatch(/<script>(?!\s*<\/script>)/);
    expect(ui.text).toMatch(/<script src="\.\/swagger-ui-init\.js">/);
    const json = await t.http.get('/api/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
  });

  it('documents every route with an operationId, schemas, error responses and security', async () => {
    const { body: document } = await t.http.get('/api/docs-json').expect(200);
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['api-key', 'bearer']);
    const operationIds = new Set<string>();
    for (const [path, item] of Object.entries<Record<string, Operation>>(document.paths)) {
      for (const [method, operation] of Object.entries<Operation>(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect({ where, id: operation.operationId }).toEqual({ where, id: expect.stringMatching(/^[A-Za-z]+_[A-Za-z]+$/) });
        expect(operationIds.has(operation.operationId)).toBe(false);
        operationIds.add(operation.operationId);

        const statuses = Object.keys(operation.responses);
        const success = REDIRECT_OPERATIONS.has(operation.operationId) ? /^302$/ : /^2/;
        expect({ where, success: statuses.some((s) => success.test(s)) }).toEqual({ where, success: true });
        for (const status of statuses.filter((s) => /^[45]/.test(s))) {
          expect({ where, status, schema: operation.responses[status].content?.['application/json']?.schema?.$ref }).toEqual({
            where,
            status,
            schema: '#/components/schemas/ErrorResponse',
          });
        }
        if (!PUBLIC_OPERATIONS.has(operation.operationId)) {
          expect({ where, security: operation.security }).toEqual({ where, security: [{ bearer: [] }, { 'api-key': [] }] });
          expect({ where, has401: statuses.includes('401') }).toEqual({ where, has401: true });
        }
      }
    }
    expect([...operationIds]).toEqual(expect.arrayContaining(['Auth_login', 'Auth_me', 'ApiKeys_create', 'AdminUsers_list']));
    const user = document.components.schemas.User.properties;
    expect(Object.keys(user)).toEqual(expect.arrayContaining(['display_name', 'avatar_url', 'created_at']));
  });

  it('the exported document (built without a database) equals the served one', async () => {
    const { body: served } = await t.http.get('/api/docs-json').expect(200);
    expect(JSON.parse(JSON.stringify(await generateOpenApiDocument()))).toEqual(served);
  });
});
