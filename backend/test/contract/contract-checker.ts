import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FuzzInput } from './request-inputs';
import { type DocumentedOperation, type OpenApiDocument, type Schema, resolve } from './openapi-types';

/** What the fuzzer read of a response (a stream's body is not read: it stays open). */
export interface FuzzResponse {
  status: number;
  contentType: string;
  text: string;
  body: unknown;
}

/** OpenAPI 3.0 `nullable: true` as JSON Schema: the same schema, or null. */
function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (!value || typeof value !== 'object') return value;
  const { nullable, example: _example, ...rest } = value as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([key, inner]) => [key, key === 'enum' ? inner : toJsonSchema(inner)]));
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

function newAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: false, coerceTypes, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat('binary', true);
  return ajv;
}

/**
 * Judges fuzz requests and responses against the document: was the request valid as documented, and does the
 * response (status, media type, body) match what the operation documents for that status?
 */
export class ContractChecker {
  private readonly ajv = newAjv(false);
  private readonly paramAjv = newAjv(true);
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    const components = toJsonSchema({ components: document.components }) as object;
    this.ajv.addSchema({ $id: 'doc', ...components });
    this.paramAjv.addSchema({ $id: 'doc', ...components });
  }

  private compile(ajv: Ajv, schema: Schema, key: string): ValidateFunction {
    const cacheKey = `${ajv === this.ajv ? 'b' : 'p'}:${key}`;
    let validate = this.cache.get(cacheKey);
    if (!validate) {
      const withRefs = JSON.parse(JSON.stringify(toJsonSchema(schema)).replace(/"#\/components\//g, '"doc#/components/'));
      validate = ajv.compile(withRefs);
      this.cache.set(cacheKey, validate);
    }
    return validate;
  }

  /** Why the document says this request is invalid, or undefined when it looks valid. */
  requestViolation({ operation, path: template }: DocumentedOperation, input: FuzzInput): string | undefined {
    if (input.invalid) return input.label;
    const id = operation.operationId;
    const bodySchema = operation.requestBody?.content['application/json']?.schema;
    if (bodySchema && input.body !== undefined) {
      const validate = this.compile(this.ajv, bodySchema, `${id}:body`);
      if (!validate(input.body)) return `body ${this.ajv.errorsText(validate.errors)}`;
    }
    for (const parameter of operation.parameters ?? []) {
      if (!parameter.schema) continue;
      let raw: string | undefined;
      if (parameter.in === 'query') raw = input.query[parameter.name];
      else if (parameter.in === 'path') raw = this.pathValue(template, input.path, parameter.name);
      else continue;
      if (raw === undefined) {
        if (parameter.required) return `${parameter.name} missing`;
        continue;
      }
      const validate = this.compile(this.paramAjv, parameter.schema, `${id}:${parameter.in}:${parameter.name}`);
      if (!validate(raw)) return `${parameter.name} ${this.paramAjv.errorsText(validate.errors)}`;
    }
    return undefined;
  }

  /** Every way the response departs from the document (empty when it conforms). */
  responseViolations({ operation, method, path }: DocumentedOperation, response: FuzzResponse): string[] {
    const status = String(response.status);
    const documented = operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default;
    if (!documented) return [`${method.toUpperCase()} ${path}: status ${status} is not documented`];
    const contentType = response.contentType.split(';')[0].trim();
    const hasBody = response.status !== 204 && response.status !== 304 && (response.text.length > 0 || contentType !== '');
    const media = documented.content ?? {};
    if (!hasBody) return [];
    if (!Object.keys(media).length) return [`${status}: a body was sent but none is documented`];
    const match = Object.keys(media).find(
      (type) => type === contentType || type === '*/*' || (type.endsWith('/*') && contentType.startsWith(type.slice(0, -1))),
    );
    if (!match) return [`${status}: content type ${contentType} is not documented (${Object.keys(media).join(', ')})`];
    const schema = media[match].schema;
    if (match !== 'application/json' || !schema) return [];
    const validate = this.compile(this.ajv, schema, `${operation.operationId}:${status}:response`);
    if (validate(response.body)) return [];
    return [`${status}: body does not match ${resolveName(schema)}: ${this.ajv.errorsText(validate.errors)}`];
  }

  private pathValue(template: string, actual: string, name: string): string | undefined {
    const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]*)')}$`);
    const match = pattern.exec(actual);
    const index = names.indexOf(name);
    return match && index >= 0 ? decodeURIComponent(match[index + 1]) : undefined;
  }

  schemaOf(schema: Schema | undefined): Schema | undefined {
    return resolve(this.document, schema);
  }
}

function resolveName(schema: Schema): string {
  return schema.$ref?.split('/').pop() ?? schema.type ?? 'schema';
}
