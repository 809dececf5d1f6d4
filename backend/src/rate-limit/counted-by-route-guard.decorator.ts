import { SetMetadata } from '@nestjs/common';

export const COUNTED_BY_ROUTE_GUARD = 'esy:rate-limit:counted-by-route-guard';

/**
 * For `@Public()` routes whose own guard authenticates (event streams): the global RateLimitGuard would only see
 * an IP, so the route's guard counts the request against the real caller instead.
 */
export const CountedByRouteGuard = () => SetMetadata(COUNTED_BY_ROUTE_GUARD, true);
