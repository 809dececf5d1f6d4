import { HttpErrorResponse } from '@angular/common/http';
import type { ErrorResponse } from './generated/models';

/** What a page needs to show about a failed request: one message, plus one message per invalid field. */
export interface ApiProblem {
  status: number;
  code: string;
  message: string;
  fieldErrors: Record<string, string>;
}

/** Operations without a response body are requested as text, so their error bodies arrive as unparsed JSON. */
function parsedBody(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  return typeof body === 'object' && body !== null && typeof (body as ErrorResponse).message === 'string';
}

/**
 * Turns anything thrown by an API call into an ApiProblem. The server answers errors in one shape
 * (status, code, message, details[]); network failures and unexpected bodies get a plain-language message.
 */
export function toApiProblem(error: unknown): ApiProblem {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) {
      return { status: 0, code: 'NETWORK', message: 'Cannot reach the server. Check your connection and try again.', fieldErrors: {} };
    }
    const body = parsedBody(error.error);
    if (isErrorResponse(body)) {
      const fieldErrors: Record<string, string> = {};
      for (const detail of body.details ?? []) {
        // Keep the first message per field: it is usually the most basic problem.
        fieldErrors[detail.field] ??= detail.message;
      }
      return { status: error.status, code: body.code ?? `HTTP_${error.status}`, message: body.message, fieldErrors };
    }
    return {
      status: error.status,
      code: `HTTP_${error.status}`,
      message: error.status >= 500 ? 'The server had a problem. Please try again in a moment.' : error.message,
      fieldErrors: {},
    };
  }
  return { status: 0, code: 'UNKNOWN', message: error instanceof Error ? error.message : 'Something went wrong.', fieldErrors: {} };
}
