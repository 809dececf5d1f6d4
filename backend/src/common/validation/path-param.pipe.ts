import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { ApiException } from '../errors/api.exception';

export const PATH_PARAM_MAX_LENGTH = 200;
/** Every text path parameter (slugs, gate names, model ids, provider names): printable, no spaces or NUL. */
export const PATH_PARAM_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:@+/-]*$';
const PATTERN = new RegExp(PATH_PARAM_PATTERN);

/**
 * Global: checks every path parameter before a route-specific pipe or any query sees it, so a NUL byte or a
 * megabyte-long segment answers 400 naming the parameter instead of reaching PostgreSQL (which fails on NUL).
 */
@Injectable()
export class PathParamPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'param' || typeof value !== 'string') return value;
    const name = metadata.data ?? 'path';
    if (value.length > PATH_PARAM_MAX_LENGTH || !PATTERN.test(value)) {
      throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [
        {
          field: name,
          message: `${name} must be 1–${PATH_PARAM_MAX_LENGTH} letters, digits or . _ : @ + / - (starting with a letter or digit)`,
        },
      ]);
    }
    return value;
  }
}
