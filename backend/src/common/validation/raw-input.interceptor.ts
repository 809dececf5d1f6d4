import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { ApiException } from '../errors/api.exception';

/** Keys that could reach an object's prototype when merged; no DTO has a field by these names. */
export const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export interface UnsafeInput {
  field: string;
  message: string;
}

/**
 * The first key or text anywhere in a parsed JSON body or query that no route may receive: a prototype key, or a
 * NUL character (PostgreSQL text cannot hold one, and no field of this API means to carry it).
 */
export function findUnsafeInput(value: unknown, path = ''): UnsafeInput | undefined {
  if (typeof value === 'string') {
    return value.includes('\u0000') ? { field: path || 'body', message: `${path || 'body'} must not contain a NUL character` } : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (PROTOTYPE_KEYS.has(key)) return { field, message: `${field} is not allowed (reserved key)` };
    const nested = findUnsafeInput((value as Record<string, unknown>)[key], field);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * Global: looks at the whole parsed body and query string before any pipe or handler (a handler reading one
 * `@Query('token')` would never show the rest to a pipe), and names the offending field.
 */
@Injectable()
export class RawInputInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<{ body?: unknown; query?: unknown }>();
      const unsafe = findUnsafeInput(request.query) ?? findUnsafeInput(request.body);
      if (unsafe) throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [unsafe]);
    }
    return next.handle();
  }
}
