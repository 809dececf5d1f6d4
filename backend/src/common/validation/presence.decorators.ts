import { ValidateIf } from 'class-validator';

/**
 * The field may be left out; when sent it is validated, `null` included. class-validator's own `@IsOptional()`
 * also skips `null`, which let `{"role": null}` past every check and into the database — use this instead.
 */
export function OptionalField(): PropertyDecorator {
  return ValidateIf((object: object, value: unknown) => value !== undefined);
}

/** The field may be left out or be `null` (document it `nullable: true`); any other value is validated. */
export function NullableField(): PropertyDecorator {
  return ValidateIf((object: object, value: unknown) => value !== undefined && value !== null);
}
