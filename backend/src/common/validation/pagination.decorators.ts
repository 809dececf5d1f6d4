import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CURSOR_MAX_LENGTH, CURSOR_PATTERN } from '../pagination/cursor';
import { OptionalField } from './presence.decorators';

/** `?limit=`: a page size from 1 to `max`, documented with its default. */
export function PageLimit(defaultValue: number, max: number): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', default: defaultValue, minimum: 1, maximum: max }),
    OptionalField(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(max),
  );
}

/** `?offset=`: rows to skip, 0 or more (capped so a typo cannot ask the database to skip billions). */
export function PageOffset(max = 10_000_000): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0 }), OptionalField(), Type(() => Number), IsInt(), Min(0), Max(max));
}

/**
 * `?cursor=`: the `next_cursor` of the previous page. Keyset paging: rows inserted meanwhile never shift a page, so
 * every row that existed when paging began is returned exactly once. `offset` still applies, after the cursor.
 */
export function PageCursor(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'string',
      maxLength: CURSOR_MAX_LENGTH,
      pattern: CURSOR_PATTERN,
      description: 'The `next_cursor` of the previous page (opaque). Rows added meanwhile never shift pages.',
    }),
    OptionalField(),
    IsString(),
    MaxLength(CURSOR_MAX_LENGTH),
    Matches(new RegExp(CURSOR_PATTERN), { message: 'cursor must be a next_cursor value returned by this list' }),
  );
}
