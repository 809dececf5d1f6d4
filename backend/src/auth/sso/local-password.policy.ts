import { Injectable } from '@nestjs/common';
import type { User } from '../../users/entities/user.entity';
import { SsoSettingsStore } from './sso-settings.store';

/**
 * Whether a password may be used to sign in. With single sign-on active and local passwords switched off, only
 * administrators keep their password: the way back in when the identity provider is down or misconfigured, so the
 * last administrator can never be locked out. Without working SSO settings, passwords work for everyone.
 */
@Injectable()
export class LocalPasswordPolicy {
  constructor(private readonly store: SsoSettingsStore) {}

  /** The provider's display name when passwords are switched off for non-administrators, else null. */
  async ssoOnlyName(): Promise<string | null> {
    const active = await this.store.active();
    return active && !active.local_passwords ? active.display_name : null;
  }

  async allows(user: Pick<User, 'role'>): Promise<boolean> {
    return user.role === 'admin' || (await this.ssoOnlyName()) === null;
  }
}
