import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { HttpResponse as Response } from '../http/http-types';
import { ApiException } from './api.exception';
import { defaultCodeFor } from './error-codes';
import type { ErrorResponseDto } from './error-response.dto';

/** Errors raised by Express middleware (body-parser) before Nest routing; they carry a status and a type. */
interface MiddlewareError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}

const BODY_PARSER_ERRORS: Record<string, { code: string; message: string }> = {
  'entity.too.large': { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is larger than the server accepts.' },
  'entity.parse.failed': { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON.' },
  'encoding.unsupported': { code: 'UNSUPPORTED_ENCODING', message: 'The request body encoding is not supported.' },
  'charset.unsupported': { code: 'UNSUPPORTED_CHARSET', message: 'The request body charset is not supported.' },
};

/**
 * PostgreSQL class 22 (data exception: NUL in text, invalid number or date, value too long) and 23502 (a NOT NULL
 * column given null) can only come from a request value, never from a server fault.
 */
function isInputRejectedByDatabase(exception: unknown): boolean {
  // TypeORM wraps the driver's error; the engine's plain pg queries throw pg's DatabaseError (with a severity).
  const driverError = exception instanceof QueryFailedError ? exception.driverError : exception;
  const { code, severity } = (driverError ?? {}) as { code?: unknown; severity?: unknown };
  if (typeof code !== 'string' || (!(exception instanceof QueryFailedError) && typeof severity !== 'string')) return false;
  return code.startsWith('22') || code === '23502';
}

/**
 * Turns every error into `{ status, code, message, details? }`. Unexpected errors answer 500 with a generic
 * message and are logged with their stack; internals never reach the client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toErrorResponse(exception);
    // Deliberate errors (ApiException, e.g. 503 NOT_READY) are answers, not faults; only unexpected ones are logged.
    if (isInputRejectedByDatabase(exception)) {
      this.logger.warn(`Input reached the database unvalidated: ${(exception as Error).stack ?? exception}`);
    } else if (body.status >= 500 && !(exception instanceof ApiException)) {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    }
    if (response.headersSent) {
      // A streaming response already started: all we can do is end it.
      response.end();
      return;
    }
    response.status(body.status).json(body);
  }

  toErrorResponse(exception: unknown): ErrorResponseDto {
    if (exception instanceof ApiException) {
      const { status, code, message, details } = exception.getResponse() as ErrorResponseDto;
      return details?.length ? { status, code, message, details } : { status, code, message };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest wraps body-parser errors in an HttpException whose cause says what went wrong.
      const parserError = this.bodyParserError(exception.cause);
      if (parserError) return { status, ...parserError };
      return { status, code: defaultCodeFor(status), message: this.httpMessage(exception, status) };
    }
    if (isInputRejectedByDatabase(exception)) {
      // Backstop: validation should have caught it; the value (a NUL byte, an out-of-range number) is the client's.
      return { status: 400, code: 'VALIDATION_FAILED', message: 'The request contains a value that cannot be stored.' };
    }
    const middleware = exception as MiddlewareError | null;
    const status = middleware?.status ?? middleware?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const known = this.bodyParserError(middleware);
      return {
        status,
        code: known?.code ?? defaultCodeFor(status),
        message: known?.message ?? 'The request could not be processed.',
      };
    }
    return { status: 500, code: 'INTERNAL_ERROR', message: 'An unexpected error occurred.' };
  }

  private bodyParserError(cause: unknown): { code: string; message: string } | undefined {
    const type = (cause as MiddlewareError | null | undefined)?.type;
    return type ? BODY_PARSER_ERRORS[type] : undefined;
  }

  private httpMessage(exception: HttpException, status: number): string {
    if (status >= 500) return 'An unexpected error occurred.';
    const payload = exception.getResponse();
    if (typeof payload === 'string') return payload;
    const message = (payload as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    if (Array.isArray(message)) return message.join('; ');
    return exception.message;
  }
}
