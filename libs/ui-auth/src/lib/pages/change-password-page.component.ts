import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { ActivatedRoute, Router } from '@angular/router';
import { toApiProblem } from '@esy/api-client';
import { AUTH_CONFIG } from '../auth.config';
import { AuthService } from '../auth.service';
import { safeReturnUrl } from '../safe-return-url';
import { AuthLayoutComponent } from './auth-layout.component';
import { confirmationMatches, MIN_PASSWORD_LENGTH } from './password-form';
import { applyServerFieldErrors, controlMessage } from './server-errors';

/**
 * "Change password" from the account menu, and the required step after an administrator's reset. Other sessions
 * end; this one stays signed in.
 */
@Component({
  selector: 'esy-change-password-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, AuthLayoutComponent, MatFormField, MatLabel, MatError, MatHint, MatInput, MatButton, MatIcon, MatProgressBar],
  template: `
    <esy-auth-layout
      title="Change password"
      [subtitle]="
        auth.mustChangePassword()
          ? 'An administrator reset your password. Choose your own to continue.'
          : 'You stay signed in here; your other sessions are signed out.'
      "
    >
      @if (problem(); as problem) {
        <p class="problem" role="alert"><mat-icon aria-hidden="true">error</mat-icon>{{ problem }}</p>
      }
      <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
        <mat-form-field appearance="outline">
          <mat-label>{{ auth.mustChangePassword() ? 'Temporary password' : 'Current password' }}</mat-label>
          <input matInput formControlName="current_password" type="password" autocomplete="current-password" required />
          <mat-error>{{ message(form.controls.current_password, 'Current password') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>New password</mat-label>
          <input matInput formControlName="password" type="password" autocomplete="new-password" required />
          <mat-hint>At least {{ minLength }} characters.</mat-hint>
          <mat-error>{{ message(form.controls.password, 'New password') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Repeat new password</mat-label>
          <input matInput formControlName="confirmation" type="password" autocomplete="new-password" required />
          <mat-error>{{ message(form.controls.confirmation, 'Repeat new password') }}</mat-error>
        </mat-form-field>
        <div class="actions">
          @if (!auth.mustChangePassword()) {
            <button mat-button type="button" (click)="leave()">Cancel</button>
          }
          <button mat-flat-button class="submit" type="submit" [disabled]="submitting()">
            {{ submitting() ? 'Saving…' : 'Change password' }}
          </button>
        </div>
        @if (submitting()) {
          <mat-progress-bar mode="indeterminate" aria-label="Changing the password" />
        }
      </form>
    </esy-auth-layout>
  `,
  styleUrl: './auth-form.scss',
  styles: `
    .actions {
      display: flex;
      gap: 0.5rem;
      justify-content: flex-end;
    }
    .actions .submit {
      flex: 1;
    }
  `,
})
export class ChangePasswordPageComponent {
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly query = toSignal(inject(ActivatedRoute).queryParamMap);
  protected readonly config = inject(AUTH_CONFIG);
  protected readonly minLength = MIN_PASSWORD_LENGTH;
  protected readonly form = new FormGroup(
    {
      current_password: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
      password: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)] }),
      confirmation: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    },
    { validators: confirmationMatches },
  );
  protected readonly submitting = signal(false);
  protected readonly problem = signal<string | null>(null);
  protected readonly message = controlMessage;

  protected leave(): Promise<boolean> {
    return this.router.navigateByUrl(safeReturnUrl(this.query()?.get('returnUrl'), this.config.homePath));
  }

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.submitting.set(true);
    this.problem.set(null);
    const { current_password, password } = this.form.getRawValue();
    try {
      await this.auth.changePassword(current_password, password);
      await this.leave();
    } catch (error) {
      const problem = toApiProblem(error);
      const { new_password, ...rest } = problem.fieldErrors;
      const unplaced = applyServerFieldErrors(this.form, { ...rest, ...(new_password ? { password: new_password } : {}) });
      this.problem.set(unplaced.length || !Object.keys(problem.fieldErrors).length ? [problem.message, ...unplaced].join(' ') : null);
    } finally {
      this.submitting.set(false);
    }
  }
}
