import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { ApiException } from '../errors/api.exception';

/** Keys that could reach an object's prototype when merged; no DTO has a field by these names. */
export const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The dotted path of the first prototype key anywhere in a parsed JSON value (or query object), if any. */
export function findPrototypeKey(value: unknown, path = ''): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (PROTOTYPE_KEYS.has(key)) return field;
    const nested = findPrototypeKey((value as Record<string, unknown>)[key], field);
    if (nested) return nested;
  }
  return undefined;
}

/** Refuses a body or query that carries `__proto__`, `constructor` or `prototype` at any depth, naming it. */
export function assertNoPrototypeKeys(value: unknown, where: string): void {
  const field = findPrototypeKey(value);
  if (field) {
    throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [
      { field: field, message: `${field} is not allowed (reserved ${where} key)` },
    ]);
  }
}

/** Global: runs before validation on every body and query, DTO-typed or not. */
@Injectable()
export class PrototypeKeysPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' || metadata.type === 'query') assertNoPrototypeKeys(value, metadata.type);
    return value;
  }
}
