import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../errors/error-response.dto';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (validation errors list every field).',
  401: 'Missing, invalid or expired credentials.',
  403: 'Authenticated but not allowed.',
  404: 'Not found.',
  409: 'Conflicts with the current state.',
  413: 'Request body too large.',
  429: 'Too many requests.',
  503: 'A dependency is unavailable.',
};

/** Documents the error responses of a route, all in the shared ErrorResponse shape. */
export function ApiErrorResponses(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error.', type: ErrorResponseDto }),
    ),
  );
}
