import { DOCUMENT, Location } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatAnchor, MatButton, MatIconButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { Api, authSsoInfo, type SsoPublic, toApiProblem } from '@esy/api-client';
import { firstValueFrom } from 'rxjs';
import { withoutAuth } from '../auth.context';
import { AUTH_CONFIG } from '../auth.config';
import { AuthService } from '../auth.service';
import { safeReturnUrl } from '../safe-return-url';
import { AuthLayoutComponent } from './auth-layout.component';
import { applyServerFieldErrors, controlMessage } from './server-errors';
import { rememberSsoReturnUrl, ssoCodeOf, ssoErrorMessage, ssoStartUrl, takeSsoReturnUrl } from './sso-sign-in';

/**
 * Email + password sign-in, and "Sign in with …" when single sign-on is set up; used by both apps at their
 * `signInPath`. The identity provider's answer comes back here too: `#sso_code=` to finish, `?sso_error=` to explain.
 */
@Component({
  selector: 'esy-sign-in-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AuthLayoutComponent,
    MatFormField,
    MatLabel,
    MatError,
    MatSuffix,
    MatInput,
    MatButton,
    MatAnchor,
    MatIconButton,
    MatIcon,
    MatProgressBar,
  ],
  templateUrl: './sign-in-page.component.html',
  styleUrl: './auth-form.scss',
})
export class SignInPageComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly query = toSignal(this.route.queryParamMap);
  private readonly api = inject(Api);
  private readonly location = inject(Location);
  private readonly storage = inject(DOCUMENT).defaultView?.sessionStorage;
  protected readonly config = inject(AUTH_CONFIG);
  /** Null until the server said whether single sign-on is offered (or could not be asked). */
  protected readonly sso = signal<SsoPublic | null>(null);
  protected readonly ssoHref = ssoStartUrl(this.config.ssoApp);
  /** True while the one-time code from the identity provider is traded for a session. */
  protected readonly finishingSso = signal(false);

  protected readonly form = new FormGroup({
    email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
    password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
  });
  protected readonly submitting = signal(false);
  protected readonly problem = signal<string | null>(null);
  protected readonly showPassword = signal(false);
  protected readonly notice = computed(() => {
    // The query parameter keeps the reason across a reload of this page.
    const reason = this.auth.signInReason() ?? (this.query()?.get('reason') === 'expired' ? 'expired' : null);
    switch (reason) {
      case 'expired':
        return 'Your session has expired, sign in again. You will be taken back to where you were.';
      case 'signed-out':
        return 'You have signed out.';
      default:
        return null;
    }
  });
  protected readonly message = controlMessage;

  constructor() {
    // "Sign in instead" on the register page carries the address over.
    const email = this.route.snapshot.queryParamMap.get('email');
    if (email) this.form.controls.email.setValue(email);
    void this.loadSso();
    const code = ssoCodeOf(this.route.snapshot.fragment);
    if (code) void this.finishSso(code);
    else this.problem.set(ssoErrorMessage(this.route.snapshot.queryParamMap.get('sso_error')));
  }

  private async loadSso(): Promise<void> {
    try {
      this.sso.set(await firstValueFrom(this.api.invoke(authSsoInfo, {}, withoutAuth())));
    } catch {
      // An older server, or it is down: the password form is all there is.
      this.sso.set({ enabled: false, display_name: null, local_passwords: true });
    }
  }

  /** Before leaving for the identity provider: remember where to go afterwards (the server only knows the app). */
  protected rememberReturnUrl(): void {
    rememberSsoReturnUrl(this.storage, this.query()?.get('returnUrl'));
  }

  private async finishSso(code: string): Promise<void> {
    // The code works once; keep it out of the history and of any later copy of the address.
    this.location.replaceState(this.config.signInPath);
    this.finishingSso.set(true);
    try {
      await this.auth.signInWithSso(code);
      await this.router.navigateByUrl(safeReturnUrl(takeSsoReturnUrl(this.storage), this.config.homePath), { replaceUrl: true });
    } catch (error) {
      const problem = toApiProblem(error);
      this.problem.set(problem.code === 'INVALID_SSO_CODE' ? 'That sign-in has expired or was already used. Sign in again.' : problem.message);
    } finally {
      this.finishingSso.set(false);
    }
  }

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.submitting.set(true);
    this.problem.set(null);
    const { email, password } = this.form.getRawValue();
    try {
      const user = await this.auth.signIn(email.trim(), password);
      const returnUrl = safeReturnUrl(this.query()?.get('returnUrl'), this.config.homePath);
      await (user.must_change_password
        ? this.router.navigate([this.config.changePasswordPath], { queryParams: { returnUrl } })
        : this.router.navigateByUrl(returnUrl));
    } catch (error) {
      const problem = toApiProblem(error);
      const unplaced = applyServerFieldErrors(this.form, problem.fieldErrors);
      this.problem.set(problem.status === 401 ? 'That email and password do not match an account.' : [problem.message, ...unplaced].join(' '));
    } finally {
      this.submitting.set(false);
    }
  }
}
