import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel, MatSuffix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { toApiProblem } from '@esy/api-client';
import { AUTH_CONFIG } from '../auth.config';
import { AuthService } from '../auth.service';
import { safeReturnUrl } from '../safe-return-url';
import { AuthLayoutComponent } from './auth-layout.component';
import { confirmationMatches, MIN_PASSWORD_LENGTH } from './password-form';
import { applyServerFieldErrors, controlMessage } from './server-errors';

/** Self-service account creation; signs the new user in right away. */
@Component({
  selector: 'esy-register-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    AuthLayoutComponent,
    MatFormField,
    MatLabel,
    MatError,
    MatHint,
    MatSuffix,
    MatInput,
    MatButton,
    MatIconButton,
    MatIcon,
    MatProgressBar,
  ],
  templateUrl: './register-page.component.html',
  styleUrl: './auth-form.scss',
})
export class RegisterPageComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly query = toSignal(inject(ActivatedRoute).queryParamMap);
  protected readonly config = inject(AUTH_CONFIG);
  protected readonly minLength = MIN_PASSWORD_LENGTH;

  protected readonly form = new FormGroup(
    {
      display_name: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(100)] }),
      email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
      password: new FormControl('', {
        nonNullable: true,
        validators: [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)],
      }),
      confirmation: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    },
    { validators: confirmationMatches },
  );
  protected readonly submitting = signal(false);
  protected readonly problem = signal<string | null>(null);
  protected readonly showPassword = signal(false);
  protected readonly message = controlMessage;

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.submitting.set(true);
    this.problem.set(null);
    const { display_name, email, password } = this.form.getRawValue();
    try {
      await this.auth.register({ email: email.trim(), password, ...(display_name.trim() ? { display_name: display_name.trim() } : {}) });
      await this.router.navigateByUrl(safeReturnUrl(this.query()?.get('returnUrl'), this.config.homePath));
    } catch (error) {
      const problem = toApiProblem(error);
      const unplaced = applyServerFieldErrors(this.form, problem.fieldErrors);
      if (problem.status === 409) {
        // Shown with a link to the sign-in page, the address carried over.
        this.form.controls.email.setErrors({ taken: true });
        this.problem.set(null);
      } else {
        this.problem.set([problem.message, ...unplaced].join(' '));
      }
    } finally {
      this.submitting.set(false);
    }
  }
}
