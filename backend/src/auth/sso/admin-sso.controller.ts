import { Body, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Audit, type AuditContext } from '../../audit/audit-context';
import { AuditService, changedFields } from '../../audit/audit.service';
import { AdminController } from '../../common/auth/admin-controller.decorator';
import type { AuthenticatedUser } from '../../common/auth/authenticated-user';
import { CurrentUser } from '../../common/auth/current-user.decorator';
import { ApiException } from '../../common/errors/api.exception';
import { ApiErrorResponses } from '../../common/swagger/api-error-responses.decorator';
import { UsersService } from '../../users/users.service';
import { SsoSettingsDto, UpdateSsoSettingsDto } from './dto/sso-settings.dto';
import { OidcClientFactory } from './oidc-client.factory';
import { type SsoSettingsRow, SsoSettingsStore, type StoredSsoSettings } from './sso-settings.store';
import { SsoService } from './sso.service';

/** What the audit log keeps of the settings: everything but the secret, which is only "set" or "not set". */
const auditSummary = (settings: StoredSsoSettings) => {
  const { encrypted_client_secret, ...rest } = settings;
  return { ...rest, client_secret: encrypted_client_secret ? 'set' : 'not set' };
};

@AdminController('sso', 'Admin: single sign-on')
export class AdminSsoController {
  constructor(
    private readonly store: SsoSettingsStore,
    private readonly clients: OidcClientFactory,
    private readonly sso: SsoService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'AdminSso_get', summary: 'Single sign-on settings (the client secret is never returned)' })
  @ApiOkResponse({ type: SsoSettingsDto })
  async get(): Promise<SsoSettingsDto> {
    return this.view(await this.store.read());
  }

  @Put()
  @ApiOperation({
    operationId: 'AdminSso_update',
    summary: 'Change single sign-on settings',
    description: "Enabling needs issuer_url, client_id and a client secret; the issuer's discovery document is fetched to check them.",
  })
  @ApiOkResponse({ type: SsoSettingsDto })
  @ApiErrorResponses(400)
  async update(@Body() body: UpdateSsoSettingsDto, @CurrentUser() user: AuthenticatedUser, @Audit() audit: AuditContext): Promise<SsoSettingsDto> {
    const current = await this.store.read();
    const next = this.store.merge(current.settings, body);
    if (next.enabled) await this.check(next);
    const diff = changedFields(auditSummary(current.settings), auditSummary(next));
    // A new secret replaces one that was set: the summary says "set" both times, but it did change.
    if (body.client_secret && current.settings.encrypted_client_secret) {
      diff.before.client_secret = 'set';
      diff.after.client_secret = 'replaced';
    }
    await this.store.write(next, user.id);
    this.clients.forget();
    if (Object.keys(diff.after).length) {
      await this.audit.record(audit, { action: 'settings.sso_updated', target: { type: 'settings', id: 'sso', label: 'Single sign-on' }, ...diff });
    }
    return this.view(await this.store.read());
  }

  private async check(settings: StoredSsoSettings): Promise<void> {
    const secret = this.store.secretOf(settings);
    const missing = [
      ...(settings.issuer_url ? [] : ['issuer_url']),
      ...(settings.client_id ? [] : ['client_id']),
      ...(secret ? [] : ['client_secret']),
    ];
    if (missing.length) {
      throw new ApiException(
        400,
        'SSO_SETTINGS_INCOMPLETE',
        `Single sign-on needs ${missing.join(', ')} before it can be enabled.`,
        missing.map((field) => ({ field, message: `${field} is required to enable single sign-on` })),
      );
    }
    try {
      await this.clients.discover(settings.issuer_url!, settings.client_id!, secret!);
    } catch (error) {
      const message = `issuer_url: the discovery document could not be used (${String((error as Error).message).slice(0, 200)})`;
      throw new ApiException(400, 'SSO_DISCOVERY_FAILED', message, [{ field: 'issuer_url', message }]);
    }
  }

  private async view(row: SsoSettingsRow): Promise<SsoSettingsDto> {
    const { settings } = row;
    const editor = row.updatedById ? await this.users.findById(row.updatedById) : null;
    return {
      enabled: settings.enabled,
      issuer_url: settings.issuer_url,
      client_id: settings.client_id,
      client_secret_set: this.store.secretOf(settings) !== null,
      display_name: settings.display_name,
      allowed_domains: settings.allowed_domains,
      scopes: settings.scopes,
      role_claim: settings.role_claim,
      admin_values: settings.admin_values,
      local_passwords: settings.local_passwords,
      redirect_uris: [this.sso.redirectUri('user'), this.sso.redirectUri('admin')],
      updated_at: row.updatedAt?.toISOString() ?? null,
      updated_by_name: editor ? editor.displayName?.trim() || editor.email : null,
    };
  }
}
