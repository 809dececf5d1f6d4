import { Injectable, type PipeTransform } from '@nestjs/common';
import { ApiException } from '../common/errors/api.exception';

const PROVIDER_NAME = /^[a-z][a-z0-9_-]{1,39}$/;

/** `:provider` route parameter: a lower-case name; `simulator` is built in and has no credentials. */
@Injectable()
export class ProviderNamePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const name = String(value ?? '').trim().toLowerCase();
    if (!PROVIDER_NAME.test(name) || name === 'simulator') {
      throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [
        { field: 'provider', message: 'provider must be 2–40 lower-case letters, digits, "-" or "_" (and not "simulator")' },
      ]);
    }
    return name;
  }
}
