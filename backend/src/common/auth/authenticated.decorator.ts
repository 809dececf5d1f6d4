import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { ApiErrorResponses } from '../swagger/api-error-responses.decorator';

/** Documents a controller or route that needs a bearer token or an API key (the default for every route). */
export const Authenticated = () =>
  applyDecorators(ApiBearerAuth('bearer'), ApiSecurity('api-key'), ApiErrorResponses(401));
