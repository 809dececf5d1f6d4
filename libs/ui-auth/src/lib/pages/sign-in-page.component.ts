import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { toApiProblem } from '@esy/api-client';
import { AUTH_CONFIG } from '../auth.config';
import { AuthService } from '../auth.service';
import { safeReturnUrl } from '../safe-return-url';
import { AuthLayoutComponent } from './auth-layout.component';
import { applyServerFieldErrors, controlMessage } from './server-errors';

/** Email + password sign-in; used by both apps at their `signInPath`. */
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
  private readonly query = toSignal(inject(ActivatedRoute).queryParamMap);
  protected readonly config = inject(AUTH_CONFIG);

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
    const email = inject(ActivatedRoute).snapshot.queryParamMap.get('email');
    if (email) this.form.controls.email.setValue(email);
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
