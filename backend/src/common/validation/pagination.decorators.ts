import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
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
