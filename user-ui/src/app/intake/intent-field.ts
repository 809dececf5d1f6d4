/**
 * One field of a spec's intent schema, as the API returns it (the orchestration workflow format). The OpenAPI
 * document types `intent_schema` loosely, so `readIntentSchema` checks each entry before the form uses it.
 */
export type IntentFieldType = 'string' | 'text' | 'enum' | 'number' | 'boolean';
export type IntentValue = string | number | boolean;

export interface IntentOption {
  value: string;
  label: string;
}

export interface IntentField {
  key: string;
  label: string;
  type: IntentFieldType;
  required: boolean;
  help?: string;
  placeholder?: string;
  default?: IntentValue;
  options?: IntentOption[];
  min_length?: number;
  max_length?: number;
  pattern?: string;
  /** What the pattern allows, in words ("letters, spaces, hyphens and apostrophes"). */
  pattern_hint?: string;
  min?: number;
  max?: number;
}

const TYPES: readonly string[] = ['string', 'text', 'enum', 'number', 'boolean'];

type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function readOption(raw: unknown): IntentOption | null {
  if (typeof raw === 'string') return { value: raw, label: raw };
  if (!isObject(raw) || typeof raw['value'] !== 'string') return null;
  return { value: raw['value'], label: text(raw['label']) ?? raw['value'] };
}

function readField(raw: unknown): IntentField | null {
  if (!isObject(raw) || typeof raw['key'] !== 'string' || !TYPES.includes(raw['type'] as string)) return null;
  const type = raw['type'] as IntentFieldType;
  const field: IntentField = {
    key: raw['key'],
    label: text(raw['label']) ?? raw['key'],
    type,
    required: raw['required'] === true,
    help: text(raw['help']),
    placeholder: text(raw['placeholder']),
    min_length: count(raw['min_length']),
    max_length: count(raw['max_length']),
    pattern: text(raw['pattern']),
    pattern_hint: text(raw['pattern_hint']),
    min: count(raw['min']),
    max: count(raw['max']),
  };
  const fallback = raw['default'];
  if (typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean') field.default = fallback;
  if (type === 'enum') {
    const options = Array.isArray(raw['options']) ? raw['options'].map(readOption).filter((o): o is IntentOption => !!o) : [];
    if (options.length === 0) return null; // an enum with nothing to choose cannot be filled in
    field.options = options;
  }
  return field;
}

/** The usable fields of an intent schema, in order; malformed entries are left out rather than breaking the page. */
export function readIntentSchema(raw: unknown): IntentField[] {
  if (!Array.isArray(raw)) return [];
  return raw.map(readField).filter((field): field is IntentField => field !== null);
}
