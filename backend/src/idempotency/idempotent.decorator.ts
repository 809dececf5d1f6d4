import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/errors/error-response.dto';

export const IDEMPOTENT = 'esy:idempotent';
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_KEY_PATTERN = '^[\\x21-\\x7E]{1,255}$';

/**
 * Marks a creating POST as idempotent: with an `Idempotency-Key` header, a retry (same key, same body, same user,
 * within 24 h) gets the original response and creates nothing; the same key with another body answers 422.
 */
export const Idempotent = () =>
  applyDecorators(
    SetMetadata(IDEMPOTENT, true),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        'Any unique string (a UUID is ideal), 1–255 visible ASCII characters. A retry with the same key and body within ' +
        '24 h returns the first response (with `Idempotent-Replayed: true`) and creates nothing.',
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: IDEMPOTENCY_KEY_PATTERN },
    }),
    ApiResponse({ status: 409, description: 'The first request with this key is still being processed (`IDEMPOTENCY_KEY_IN_USE`).', type: ErrorResponseDto }),
    ApiResponse({ status: 422, description: 'The key was used for a different request (`IDEMPOTENCY_KEY_REUSED`).', type: ErrorResponseDto }),
  );
