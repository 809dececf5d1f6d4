import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'esy:isPublic';

/** Opens a route to anonymous callers (health, login, register, refresh, docs). Everything else needs auth. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
