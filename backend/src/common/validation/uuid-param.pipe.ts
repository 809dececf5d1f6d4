import { ParseUUIDPipe } from '@nestjs/common';
import { ApiException } from '../errors/api.exception';

/** `@Param('id', UuidParam('id'))`: a malformed id answers 400 in the error shape naming the parameter. */
export const UuidParam = (name: string) =>
  new ParseUUIDPipe({
    exceptionFactory: () =>
      new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [{ field: name, message: `${name} must be a UUID` }]),
  });
