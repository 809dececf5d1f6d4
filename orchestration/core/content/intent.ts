import { DEPTHS } from './contract-schema';
import type { IntentField } from './workflow-schema';

export interface IntentError {
  /** The intent key the problem is about ('' for the intent as a whole). */
  field: string;
  message: string;
}

export type IntentValue = string | number | boolean;

export interface IntentValidation {
  ok: boolean;
  /** The intent with defaults applied and values normalised (numbers/booleans from strings); only when ok. */
  value: Record<string, IntentValue>;
  errors: IntentError[];
}

/**
 * `depth` may always be given (quick | standard | deep) even when the schema has no such field: every workflow
 * runs at a depth. Any other key not in the schema is rejected.
 */
const IMPLICIT_DEPTH_FIELD: IntentField = {
  key: 'depth',
  label: 'Depth',
  type: 'enum',
  required: false,
  options: DEPTHS.map((depth) => ({ value: depth, label: depth })),
};

const MAX_TEXT_LENGTH = 20_000;

/**
 * Checks an intent against a workflow's intent schema: required fields, types, enum options, lengths, patterns,
 * numeric ranges, unknown keys. Strings that spell a number or boolean are accepted for those types (the CLI passes
 * `key=value` pairs). The server answers 400 with `errors`; the UI runs the same rules.
 */
export function validateIntent(schema: readonly IntentField[], intent: unknown): IntentValidation {
  const errors: IntentError[] = [];
  const value: Record<string, IntentValue> = {};
  if (intent === undefined || intent === null) intent = {};
  if (typeof intent !== 'object' || Array.isArray(intent)) {
    return { ok: false, value, errors: [{ field: '', message: 'the intent must be an object of field values' }] };
  }
  const input = intent as Record<string, unknown>;
  const fields = schema.some((field) => field.key === 'depth') ? [...schema] : [...schema, IMPLICIT_DEPTH_FIELD];
  const known = new Set(fields.map((field) => field.key));

  for (const key of Object.keys(input).sort()) {
    if (!known.has(key)) errors.push({ field: key, message: `unknown field; expected one of ${[...known].join(', ')}` });
  }

  for (const field of fields) {
    const raw = input[field.key];
    const absent = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
    if (absent) {
      if (field.default !== undefined) value[field.key] = field.default;
      else if (field.required) errors.push({ field: field.key, message: `${field.label} is required` });
      continue;
    }
    const checked = checkField(field, raw);
    if (typeof checked === 'object') errors.push({ field: field.key, message: checked.error });
    else value[field.key] = checked;
  }
  return { ok: errors.length === 0, value: errors.length ? {} : value, errors };
}

function checkField(field: IntentField, raw: unknown): IntentValue | { error: string } {
  switch (field.type) {
    case 'string':
    case 'text': {
      if (typeof raw !== 'string') return { error: `${field.label} must be text` };
      const text = field.type === 'string' ? raw.trim() : raw;
      if (text.length > MAX_TEXT_LENGTH) return { error: `${field.label} must be at most ${MAX_TEXT_LENGTH} characters` };
      if (field.type === 'string' && /[\r\n]/.test(text)) return { error: `${field.label} must be a single line` };
      if (field.min_length !== undefined && text.length < field.min_length) {
        return { error: `${field.label} must be at least ${field.min_length} characters` };
      }
      if (field.max_length !== undefined && text.length > field.max_length) {
        return { error: `${field.label} must be at most ${field.max_length} characters` };
      }
      if (field.pattern !== undefined && !new RegExp(field.pattern).test(text)) {
        return {
          error: field.pattern_hint ? `${field.label} may contain only ${field.pattern_hint}` : `${field.label} is not in the expected form`,
        };
      }
      return text;
    }
    case 'enum': {
      const options = field.options ?? [];
      if (typeof raw !== 'string' || !options.some((option) => option.value === raw)) {
        return { error: `${field.label} must be one of ${options.map((option) => option.value).join(', ')}` };
      }
      return raw;
    }
    case 'number': {
      const number = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
      if (!Number.isFinite(number)) return { error: `${field.label} must be a number` };
      if (field.min !== undefined && number < field.min) return { error: `${field.label} must be at least ${field.min}` };
      if (field.max !== undefined && number > field.max) return { error: `${field.label} must be at most ${field.max}` };
      return number;
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      return { error: `${field.label} must be true or false` };
    }
  }
}
