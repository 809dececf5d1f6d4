import { ChangeDetectionStrategy, Component, effect, inject, signal, untracked } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { loader, toApiProblem, type UpdateSsoSettingsRequest } from '@esy/api-client';
import { ErrorStateComponent, LoadingStateComponent } from '@esy/ui-kit';
import { AdminApi, type SsoSettings } from '../data/admin-api';
import { dateTime } from '../data/format';

/** "a.com, b.com" ⇄ ["a.com", "b.com"]: lists are edited as one comma-separated line. */
const toList = (text: string) => text.split(/[,\s]+/).map((item) => item.trim()).filter(Boolean);

/**
 * Single sign-on (OpenID Connect) settings on the Settings page. The client secret is write-only: the server says
 * only whether one is stored, and an empty field keeps it.
 */
@Component({
  selector: 'adm-sso-settings',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButton, MatCheckbox, MatFormField, MatLabel, MatHint, MatError, MatIcon, MatInput, ErrorStateComponent, LoadingStateComponent],
  template: `
    @if (settings.problem(); as problem) {
      <esy-error-state [message]="problem.message" (retry)="settings.reload()" />
    } @else if (settings.hasValue()) {
      <form class="adm-panel form" [formGroup]="form" (ngSubmit)="save()" aria-labelledby="sso-heading">
        <h2 id="sso-heading">Single sign-on</h2>
        <p class="muted lead">
          Let people sign in with your company's identity provider (OpenID Connect). Register these redirect URIs for
          the client at the provider:
        </p>
        <ul class="uris">
          @for (uri of redirectUris(); track uri; let first = $first) {
            <li>{{ first ? 'User app' : 'Admin console' }}: <code>{{ uri }}</code></li>
          }
        </ul>
        <mat-checkbox formControlName="enabled">Offer "Sign in with {{ form.controls.display_name.value || 'SSO' }}"</mat-checkbox>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Button name</mat-label>
          <input matInput formControlName="display_name" maxlength="60" />
          <mat-hint>Shown as "Sign in with …" on both sign-in pages</mat-hint>
          <mat-error>{{ fieldError('display_name', 'A name of up to 60 characters.') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Issuer URL</mat-label>
          <input matInput formControlName="issuer_url" placeholder="https://login.example.com/realms/acme" />
          <mat-hint>Its /.well-known/openid-configuration is read when you save</mat-hint>
          <mat-error>{{ fieldError('issuer_url', 'An https:// address.') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Client ID</mat-label>
          <input matInput formControlName="client_id" autocomplete="off" />
          <mat-error>{{ fieldError('client_id', 'Required to enable single sign-on.') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Client secret</mat-label>
          <input matInput type="password" formControlName="client_secret" autocomplete="new-password" [placeholder]="secretSet() ? '•••••••• (stored)' : ''" />
          <mat-hint>{{ secretSet() ? 'A secret is stored and never shown. Type a new one to replace it.' : 'No secret stored yet.' }}</mat-hint>
          <mat-error>{{ fieldError('client_secret', 'Required to enable single sign-on.') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Allowed email domains</mat-label>
          <input matInput formControlName="allowed_domains" placeholder="example.com, example.org" />
          <mat-hint>Comma-separated; empty = any domain the provider signs in</mat-hint>
          <mat-error>{{ fieldError('allowed_domains', 'Domain names such as example.com.') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Scopes</mat-label>
          <input matInput formControlName="scopes" />
          <mat-hint>Space-separated; must include openid (add e.g. groups if the provider needs it for the role claim)</mat-hint>
          <mat-error>{{ fieldError('scopes', 'Space-separated scopes including openid.') }}</mat-error>
        </mat-form-field>
        <h3>Roles of new users</h3>
        <div class="pair">
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Role claim</mat-label>
            <input matInput formControlName="role_claim" placeholder="groups" />
            <mat-error>{{ fieldError('role_claim', 'A claim name such as groups.') }}</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Values that make an administrator</mat-label>
            <input matInput formControlName="admin_values" placeholder="esy-admins" />
            <mat-error>{{ fieldError('admin_values', 'Comma-separated values.') }}</mat-error>
          </mat-form-field>
        </div>
        <p class="muted note-flat">
          A person's first sign-in creates their account: administrator when the claim holds one of these values,
          otherwise user. Later role changes are made on the Users page. An existing account with the same verified
          email is linked instead.
        </p>
        <h3>Passwords</h3>
        <mat-checkbox formControlName="local_passwords">Everyone may also sign in with a password</mat-checkbox>
        <p class="muted note">
          Unticked: only administrators keep password sign-in (the way in if the provider is down); everyone else
          must use single sign-on, and self-registration closes.
        </p>
        @if (problem(); as problem) {
          <p class="problem" role="alert"><mat-icon aria-hidden="true">error</mat-icon>{{ problem }}</p>
        }
        <div class="end">
          <span class="muted">Last changed {{ updated() }}</span>
          <button mat-flat-button type="submit" [disabled]="form.pristine || saving()">Save single sign-on</button>
        </div>
      </form>
    } @else {
      <esy-loading-state shape="lines" [count]="4" label="Loading single sign-on settings" />
    }
  `,
  styles: `
    .form {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
      max-width: 40rem;
      margin-top: 1.5rem;
    }
    h2 {
      margin: 0 0 0.25rem !important;
    }
    h3 {
      margin: 0.75rem 0 0.25rem;
      font: var(--mat-sys-title-small);
    }
    .lead {
      margin: 0;
    }
    .uris {
      margin: 0 0 0.5rem;
      padding-left: 1.25rem;
      overflow-wrap: anywhere;
    }
    .pair {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
      gap: 0.5rem 1rem;
    }
    .end {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      justify-content: space-between;
      align-items: center;
      margin-top: 0.5rem;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .note {
      margin: -0.25rem 0 0.5rem 2.5rem;
    }
    .note-flat {
      margin: -0.5rem 0 0;
    }
    .problem {
      display: flex;
      gap: 0.5rem;
      align-items: flex-start;
      margin: 0;
      padding: 0.75rem 1rem;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
      font: var(--mat-sys-body-medium);
    }
  `,
})
export class SsoSettingsComponent {
  private readonly api = inject(AdminApi);
  private readonly snack = inject(MatSnackBar);
  protected readonly settings = loader({ stream: () => this.api.ssoSettings() });
  protected readonly problem = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly updated = signal('never');
  protected readonly secretSet = signal(false);
  protected readonly redirectUris = signal<string[]>([]);
  private readonly serverErrors = signal<Record<string, string>>({});
  protected readonly form = new FormGroup({
    enabled: new FormControl(false, { nonNullable: true }),
    display_name: new FormControl('SSO', { nonNullable: true, validators: [Validators.required, Validators.maxLength(60)] }),
    issuer_url: new FormControl('', { nonNullable: true, validators: [Validators.pattern(/^(https:\/\/\S+|http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/\S*)?)?$/)] }),
    client_id: new FormControl('', { nonNullable: true }),
    client_secret: new FormControl('', { nonNullable: true }),
    allowed_domains: new FormControl('', { nonNullable: true }),
    scopes: new FormControl('openid email profile', { nonNullable: true, validators: [Validators.required, Validators.pattern(/(^|\s)openid(\s|$)/)] }),
    role_claim: new FormControl('', { nonNullable: true }),
    admin_values: new FormControl('', { nonNullable: true }),
    local_passwords: new FormControl(true, { nonNullable: true }),
  });

  constructor() {
    // The form starts from what the server holds (and again after a retry).
    effect(() => {
      const settings = this.settings.data();
      if (settings) untracked(() => this.apply(settings));
    });
  }

  protected fieldError(field: string, fallback: string): string {
    return this.serverErrors()[field] ?? fallback;
  }

  private apply(s: SsoSettings): void {
    this.form.reset({
      enabled: s.enabled,
      display_name: s.display_name,
      issuer_url: s.issuer_url ?? '',
      client_id: s.client_id ?? '',
      client_secret: '',
      allowed_domains: s.allowed_domains.join(', '),
      scopes: s.scopes,
      role_claim: s.role_claim ?? '',
      admin_values: s.admin_values.join(', '),
      local_passwords: s.local_passwords,
    });
    this.secretSet.set(s.client_secret_set);
    this.redirectUris.set(s.redirect_uris);
    this.updated.set(s.updated_at ? `${dateTime(s.updated_at)}${s.updated_by_name ? ` by ${s.updated_by_name}` : ''}` : 'never');
  }

  protected save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const body: UpdateSsoSettingsRequest = {
      enabled: v.enabled,
      display_name: v.display_name.trim(),
      issuer_url: v.issuer_url.trim() || null,
      client_id: v.client_id.trim() || null,
      allowed_domains: toList(v.allowed_domains.toLowerCase()),
      scopes: v.scopes.trim().replace(/\s+/g, ' '),
      role_claim: v.role_claim.trim() || null,
      admin_values: toList(v.admin_values),
      local_passwords: v.local_passwords,
      // Write-only: sent only when typed, so saving other fields keeps the stored secret.
      ...(v.client_secret ? { client_secret: v.client_secret } : {}),
    };
    this.saving.set(true);
    this.problem.set(null);
    this.serverErrors.set({});
    this.api.updateSsoSettings(body).subscribe({
      next: (s) => {
        this.apply(s);
        this.saving.set(false);
        this.snack.open('Single sign-on saved', undefined, { duration: 2000 });
      },
      error: (e) => {
        this.saving.set(false);
        const problem = toApiProblem(e);
        this.serverErrors.set(problem.fieldErrors);
        for (const [field, message] of Object.entries(problem.fieldErrors)) {
          const control = this.form.get(field);
          control?.setErrors({ server: message });
          control?.markAsTouched();
        }
        this.problem.set(problem.message);
      },
    });
  }
}
