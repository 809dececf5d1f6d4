import { HttpException } from '@nestjs/common';
import type { ErrorDetailDto } from './error-response.dto';

/** Throw this from services for a specific error code: `throw new ApiException(409, 'EMAIL_TAKEN', '…')`. */
export class ApiException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetailDto[],
  ) {
    super({ status, code, message, details }, status);
  }
}

export const unauthorized = (message = 'Authentication is required.', code = 'UNAUTHORIZED') =>
  new ApiException(401, code, message);
export const forbidden = (message = 'You are not allowed to do this.', code = 'FORBIDDEN') =>
  new ApiException(403, code, message);
export const notFound = (what: string) => new ApiException(404, 'NOT_FOUND', `${what} was not found.`);
export const conflict = (code: string, message: string) => new ApiException(409, code, message);
