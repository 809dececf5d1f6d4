import { randomUUID } from 'node:crypto';
import { type DocumentedOperation, type OpenApiDocument, type Parameter, resolve, type Schema } from './openapi-types';

/** One request the fuzzer sends. `invalid: true` means it breaks the document whatever the schema says. */
export interface FuzzInput {
  label: string;
  path: string;
  query: Record<string, string>;
  /** A JSON value, or a raw string sent as application/json (for keys JSON.stringify cannot write). */
  body?: unknown;
  rawBody?: string;
  invalid?: boolean;
}

const HUGE = 'x'.repeat(20_000);
const NUL = 'a\u0000b';

/** A value the schema accepts: its example or default when given, else the smallest thing that fits. */
export function sampleValue(document: OpenApiDocument, raw: Schema | undefined, depth = 0): unknown {
  const schema = resolve(document, raw);
  if (!schema || depth > 6) return 'x';
  if (schema.example !== undefined && typeof schema.example !== 'object') return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum.find((value) => value !== null);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 0, 1) }, () => sampleValue(document, schema.items, depth + 1));
    case 'object':
    case undefined: {
      if (!schema.properties) return schema.type === 'object' ? {} : 'x';
      const object: Record<string, unknown> = {};
      for (const name of schema.required ?? []) object[name] = sampleValue(document, schema.properties[name], depth + 1);
      return object;
    }
    default:
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'email') return `fuzz-${randomUUID().slice(0, 8)}@example.test`;
      if (schema.format === 'uri') return 'https://example.test/x';
      return 'x'.repeat(Math.max(schema.minLength ?? 1, 1));
  }
}

/**
 * Values that break a schema of this shape: null, a wrong type, out of range, malformed, an unknown enum member.
 * (NUL and huge strings are sent once per operation, not per property: the rules for them are global.)
 */
export function breakingValues(document: OpenApiDocument, raw: Schema | undefined): { label: string; value: unknown }[] {
  const schema = resolve(document, raw);
  if (!schema) return [];
  const values: { label: string; value: unknown }[] = [{ label: 'null', value: null }];
  switch (schema.type) {
    case 'integer':
      values.push({ label: 'string', value: 'abc' }, { label: 'negative', value: -1 }, { label: 'fraction', value: 1.5 });
      break;
    case 'number':
      values.push({ label: 'string', value: 'abc' }, { label: 'negative', value: -1 });
      break;
    case 'boolean':
      values.push({ label: 'string', value: 'yes' });
      break;
    case 'array':
      values.push({ label: 'wrong items', value: [{ nested: [1] }] });
      break;
    case 'object':
      values.push({ label: 'array', value: [] });
      break;
    default:
      values.push({ label: 'object', value: { a: 1 } });
      if (schema.maxLength !== undefined) values.push({ label: 'too long', value: 'x'.repeat(schema.maxLength + 1) });
      if (schema.enum) values.push({ label: 'unknown enum', value: 'not-a-member' });
      if (schema.format === 'uuid') values.push({ label: 'malformed uuid', value: 'not-a-uuid' });
      if (schema.format === 'date-time') values.push({ label: 'bad date', value: '2026-13-45T99:00:00Z' });
  }
  return values;
}

/** Query-string spellings that break a parameter of this shape. */
function breakingQueryValues(document: OpenApiDocument, raw: Schema | undefined): { label: string; value: string }[] {
  const schema = resolve(document, raw);
  // Long but under Node's 16 KiB header limit (beyond it Node answers 431 before the app sees anything).
  const values = [{ label: 'NUL', value: NUL }, { label: 'huge', value: 'x'.repeat(3000) }];
  if (schema?.type === 'integer' || schema?.type === 'number') {
    values.push({ label: 'string', value: 'abc' }, { label: 'negative', value: '-1' }, { label: 'huge number', value: '1e20' });
    if (schema.type === 'integer') values.push({ label: 'fraction', value: '1.5' });
  }
  if (schema?.type === 'boolean') values.push({ label: 'not boolean', value: 'maybe' });
  if (schema?.enum) values.push({ label: 'unknown enum', value: 'not-a-member' });
  if (schema?.format === 'uuid') values.push({ label: 'malformed uuid', value: 'not-a-uuid' });
  if (schema?.format === 'date-time') values.push({ label: 'bad date', value: 'yesterday' });
  return values;
}

function pathParamValue(document: OpenApiDocument, parameter: Parameter): string {
  const schema = resolve(document, parameter.schema);
  if (schema?.format === 'uuid') return randomUUID();
  return 'fuzz-value';
}

function fillPath(template: string, values: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values[name]));
}

const MAX_PROPERTIES = 10;

/**
 * The baseline request (valid as far as the document can tell) and one request per breaking input: each mutates
 * one thing (a property, a query or path parameter, the body as a whole), so a 2xx points at one missed check.
 */
export function fuzzInputs(document: OpenApiDocument, { path, operation }: DocumentedOperation): FuzzInput[] {
  const parameters = operation.parameters ?? [];
  const pathValues = Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => [p.name, pathParamValue(document, p)]));
  const baseQuery = Object.fromEntries(
    parameters.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, String(sampleValue(document, p.schema))]),
  );
  const bodySchema = resolve(document, operation.requestBody?.content['application/json']?.schema);
  const baseBody = bodySchema ? (sampleValue(document, bodySchema) as Record<string, unknown>) : undefined;
  const base = { path: fillPath(path, pathValues), query: baseQuery, body: baseBody };
  const inputs: FuzzInput[] = [{ label: 'baseline', ...base }];

  for (const parameter of parameters.filter((p) => p.in === 'path')) {
    for (const value of ['not-a-uuid', NUL, ' a']) {
      inputs.push({ label: `path ${parameter.name}=${JSON.stringify(value).slice(0, 20)}`, ...base, path: fillPath(path, { ...pathValues, [parameter.name]: value }) });
    }
  }
  for (const parameter of parameters.filter((p) => p.in === 'query')) {
    for (const { label, value } of breakingQueryValues(document, parameter.schema)) {
      inputs.push({ label: `query ${parameter.name} ${label}`, ...base, query: { ...baseQuery, [parameter.name]: value } });
    }
    if (parameter.required) {
      const { [parameter.name]: _left, ...rest } = baseQuery;
      inputs.push({ label: `query ${parameter.name} missing`, ...base, query: rest });
    }
  }
  if (parameters.some((p) => p.in === 'query')) {
    inputs.push({ label: 'query prototype key', ...base, query: { ...baseQuery, constructor: 'x' }, invalid: true });
  }
  if (bodySchema && baseBody && typeof baseBody === 'object') {
    inputs.push({ label: 'body array', ...base, body: [] });
    if (bodySchema.required?.length) inputs.push({ label: 'body empty', ...base, body: {} });
    inputs.push({ label: 'body unknown key', ...base, body: { ...baseBody, zz_unknown_field: 1 }, invalid: true });
    for (const key of ['__proto__', 'constructor']) {
      const raw = JSON.stringify(baseBody).replace(/^\{/, `{"${key}":{"role":"admin"},`).replace(/,}$/, '}');
      inputs.push({ label: `body ${key} key`, ...base, body: undefined, rawBody: raw, invalid: true });
    }
    const properties = Object.entries(bodySchema.properties ?? {}).slice(0, MAX_PROPERTIES);
    const firstString = properties.find(([, schema]) => resolve(document, schema)?.type === 'string');
    if (firstString) {
      inputs.push({ label: `body ${firstString[0]} NUL`, ...base, body: { ...baseBody, [firstString[0]]: NUL } });
      inputs.push({ label: `body ${firstString[0]} huge`, ...base, body: { ...baseBody, [firstString[0]]: HUGE } });
    }
    for (const [name, schema] of properties) {
      for (const { label, value } of breakingValues(document, schema)) {
        inputs.push({ label: `body ${name} ${label}`, ...base, body: { ...baseBody, [name]: value } });
      }
    }
  }
  return inputs;
}
