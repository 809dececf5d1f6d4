import { type CallHandler, type ExecutionContext, HttpStatus, Injectable, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { catchError, from, type Observable, of, switchMap, throwError } from 'rxjs';
import type { AuthenticatedRequest } from '../common/auth/authenticated-user';
import { canonicalJson } from '../common/canonical-json';
import { ApiException } from '../common/errors/api.exception';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_PATTERN, IDEMPOTENT } from './idempotent.decorator';
import { IdempotencyRepository } from './idempotency.repository';

interface HttpRequest extends AuthenticatedRequest {
  method: string;
  path: string;
  body?: unknown;
  header(name: string): string | undefined;
}
interface HttpResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

const KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

/** Applies `@Idempotent()`: claims the key, replays a finished response, refuses a reused or busy key. */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: IdempotencyRepository,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || !this.reflector.get<boolean>(IDEMPOTENT, context.getHandler())) return next.handle();
    const request = context.switchToHttp().getRequest<HttpRequest>();
    const key = request.header(IDEMPOTENCY_KEY_HEADER);
    const userId = request.user?.id;
    if (key === undefined || !userId) return next.handle();
    if (!KEY.test(key)) {
      throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [
        { field: IDEMPOTENCY_KEY_HEADER, message: `${IDEMPOTENCY_KEY_HEADER} must be 1–255 visible ASCII characters` },
      ]);
    }
    const status = this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    // The route is part of the request: one key cannot replay a run for an API-key request, or the reverse.
    const requestHash = createHash('sha256').update(`${request.method} ${request.path}\n${canonicalJson(request.body ?? null)}`).digest('hex');
    const response = context.switchToHttp().getResponse<HttpResponse>();

    return from(this.keys.claim(userId, key, requestHash)).pipe(
      switchMap((claimed) => {
        if (claimed) return this.runAndRecord(next, userId, key, status);
        return from(this.keys.find(userId, key)).pipe(
          switchMap((stored) => {
            if (!stored) return this.runAndRecord(next, userId, key, status); // expired and purged meanwhile: very rare
            if (stored.requestHash !== requestHash) {
              throw new ApiException(422, 'IDEMPOTENCY_KEY_REUSED', `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request.`);
            }
            if (stored.status === null) {
              throw new ApiException(409, 'IDEMPOTENCY_KEY_IN_USE', `A request with this ${IDEMPOTENCY_KEY_HEADER} is still being processed; retry shortly.`);
            }
            response.status(stored.status);
            response.setHeader('Idempotent-Replayed', 'true');
            return of(stored.responseBody);
          }),
        );
      }),
    );
  }

  private runAndRecord(next: CallHandler, userId: string, key: string, status: number): Observable<unknown> {
    return next.handle().pipe(
      switchMap((body) => from(this.keys.complete(userId, key, status, body).then(() => body))),
      catchError((error: unknown) => from(this.keys.release(userId, key)).pipe(switchMap(() => throwError(() => error)))),
    );
  }
}
