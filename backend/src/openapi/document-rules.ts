import type { OpenAPIObject } from '@nestjs/swagger';
import { PATH_PARAM_MAX_LENGTH, PATH_PARAM_PATTERN } from '../common/validation/path-param.pipe';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ERROR = { $ref: '#/components/schemas/ErrorResponse' };
const errorResponse = (description: string, headers?: Json) => ({ description, ...(headers ? { headers } : {}), content: { 'application/json': { schema: ERROR } } });

/** Sent on every response of every route (IETF httpapi-ratelimit-headers draft). */
const RATE_LIMIT_HEADERS: Json = {
  'RateLimit-Policy': {
    description: 'The limit this request counts against: `"<api_key|user|ip>";q=<requests>;w=<window seconds>`.',
    schema: { type: 'string', example: '"user";q=1200;w=60' },
  },
  RateLimit: {
    description: 'What is left of it: `"<policy>";r=<remaining requests>;t=<seconds until the window resets>`.',
    schema: { type: 'string', example: '"user";r=1187;t=42' },
  },
};

/** `{id}` parameters are UUIDs (checked by UuidParam) except in these operations, where `id` is a text id. */
const TEXT_ID_OPERATIONS = new Set(['AdminModels_update']);

/**
 * Rules that hold for every route and are enforced globally (guards, pipes, body limit, rate limits), written into
 * the document once here rather than on each of 70-odd handlers, so the document says what the server does.
 */
export function applyDocumentRules(document: OpenAPIObject): OpenAPIObject {
  // Same-origin: the document is served by the install it describes (paths carry the /api prefix).
  document.servers = [{ url: '/', description: 'The install serving this document (paths include /api).' }];
  for (const item of Object.values(document.paths) as Json[]) {
    for (const operation of Object.values(item) as Json[]) {
      if (!operation?.responses) continue;
      const parameters: Json[] = operation.parameters ?? [];
      const authenticated = Array.isArray(operation.security) && operation.security.length > 0;
      if (!authenticated) operation.security = [];
      for (const parameter of parameters.filter((p) => p.in === 'path')) {
        const uuid = (parameter.name === 'id' && !TEXT_ID_OPERATIONS.has(operation.operationId)) || parameter.schema?.format === 'uuid';
        parameter.schema = uuid
          ? { type: 'string', format: 'uuid' }
          : { type: 'string', minLength: 1, maxLength: PATH_PARAM_MAX_LENGTH, pattern: PATH_PARAM_PATTERN, ...withoutType(parameter.schema) };
      }
      const responses: Json = operation.responses;
      const add = (status: string, description: string, headers?: Json) => (responses[status] ??= errorResponse(description, headers));
      if (parameters.some((p) => p.in === 'path' || p.in === 'query') || operation.requestBody) {
        add('400', 'Invalid request (`details` lists every field or parameter).');
      }
      if (authenticated) {
        add('401', 'Missing, invalid or expired credentials.');
        add('403', 'Not allowed: the role, the API key’s scope (`INSUFFICIENT_SCOPE`), or a key limited to other workflows (`WORKFLOW_NOT_ALLOWED`, run routes).');
      }
      if (operation.requestBody) add('413', 'Request body too large (`PAYLOAD_TOO_LARGE`).');
      add('429', 'Rate limit reached (`TOO_MANY_REQUESTS`): retry after `Retry-After` seconds.', {
        'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
      });
      for (const response of Object.values(responses) as Json[]) response.headers = { ...RATE_LIMIT_HEADERS, ...response.headers };
    }
  }
  for (const schema of Object.values(document.components?.schemas ?? {}) as Json[]) fixNullables(schema);
  return document;
}

function withoutType(schema: Json | undefined): Json {
  const { type: _type, ...rest } = schema ?? {};
  return rest;
}

/**
 * OpenAPI 3.0 `nullable` only widens a `type` in the same schema: a nullable `allOf` reference and a nullable enum
 * without `null` reject null in strict validators. Rewrites both into forms every validator and generator reads.
 */
function fixNullables(schema: Json): void {
  for (const property of Object.values(schema.properties ?? {}) as Json[]) {
    if (property.nullable && Array.isArray(property.enum) && !property.enum.includes(null)) property.enum.push(null);
    if (property.nullable && Array.isArray(property.allOf) && property.allOf.length === 1) {
      const { nullable: _nullable, allOf, type: _type, ...rest } = property;
      for (const key of Object.keys(property)) delete property[key];
      Object.assign(property, rest, { anyOf: [allOf[0], { nullable: true, enum: [null] }] });
    }
  }
}
