import { applyDecorators, Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses } from '../swagger/api-error-responses.decorator';
import { Roles } from './roles.decorator';

/**
 * A controller under `/api/admin/<path>`: admins only (403 for others, 401 for anonymous), documented as such.
 * The RolesGuard also refuses non-admins on any `/api/admin/*` path, so a forgotten decorator cannot open a route.
 */
export function AdminController(path: string, tag: string) {
  return applyDecorators(
    Controller(`admin/${path}`),
    Roles('admin'),
    ApiTags(tag),
    ApiBearerAuth('bearer'),
    ApiSecurity('api-key'),
    ApiErrorResponses(401, 403),
  );
}
