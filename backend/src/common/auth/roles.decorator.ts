import { SetMetadata } from '@nestjs/common';
import type { UserRole } from '../../users/entities/user.entity';

export const ROLES = 'esy:roles';

/** Restricts a controller or route to the given roles (403 otherwise). */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);
