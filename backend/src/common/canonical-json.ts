import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal documents serialise identically. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** sha256 (hex) of the canonical JSON: a spec's `version_hash`. */
export const canonicalHash = (value: unknown) => createHash('sha256').update(canonicalJson(value)).digest('hex');
