import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { Api, authResetPassword, toApiProblem } from '@esy/api-client';
import { firstValueFrom } from 'rxjs';
import { AUTH_CONFIG } from '../auth.config';
import { withoutAuth } from '../auth.context';
import { AuthLayoutComponent } from './auth-layout.component';
import { confirmationMatches, MIN_PASSWORD_LENGTH } from './password-form';
import { applyServerFieldErrors, controlMessage } from './server-errors';

/** The page an emailed reset link opens (`?token=…`): choose a new password, then sign in with it. */
@Component({
  selector: 'esy-reset-password-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, AuthLayoutComponent, MatFormField, MatLabel, MatError, MatHint, MatInput, MatButton, MatIcon, MatProgressBar],
  template: `
    <esy-auth-layout title="Choose a new password" subtitle="You will be signed out everywhere and can sign in with the new password.">
      @if (done()) {
        <p class="notice" role="status"><mat-icon aria-hidden="true">check_circle</mat-icon>Your password was changed.</p>
        <a mat-flat-button class="submit" [routerLink]="config.signInPath">Sign in</a>
      } @else if (!token()) {
        <p class="problem" role="alert">
          <mat-icon aria-hidden="true">error</mat-icon>This page needs the link from the email. Open the link again, or ask for a new one.
        </p>
        <a mat-flat-button class="submit" [routerLink]="config.forgotPasswordPath">Ask for a new link</a>
      } @else {
        @if (problem(); as problem) {
          <p class="problem" role="alert"><mat-icon aria-hidden="true">error</mat-icon>{{ problem }}</p>
          @if (linkInvalid()) {
            <p class="switch"><a [routerLink]="config.forgotPasswordPath">Ask for a new link</a></p>
          }
        }
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
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
          <button mat-flat-button class="submit" type="submit" [disabled]="submitting()">
            {{ submitting() ? 'Saving…' : 'Set new password' }}
          </button>
          @if (submitting()) {
            <mat-progress-bar mode="indeterminate" aria-label="Saving the new password" />
          }
        </form>
      }
    </esy-auth-layout>
  `,
  styleUrl: './auth-form.scss',
})
export class ResetPasswordPageComponent {
  private readonly api = inject(Api);
  private readonly query = toSignal(inject(ActivatedRoute).queryParamMap);
  protected readonly config = inject(AUTH_CONFIG);
  protected readonly minLength = MIN_PASSWORD_LENGTH;
  protected readonly token = computed(() => this.query()?.get('token') ?? '');
  protected readonly form = new FormGroup(
    {
      password: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.minLength(MIN_PASSWORD_LENGTH)] }),
      confirmation: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    },
    { validators: confirmationMatches },
  );
  protected readonly submitting = signal(false);
  protected readonly problem = signal<string | null>(null);
  protected readonly linkInvalid = signal(false);
  protected readonly done = signal(false);
  protected readonly message = controlMessage;

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.submitting.set(true);
    this.problem.set(null);
    this.linkInvalid.set(false);
    try {
      await firstValueFrom(
        this.api.invoke(authResetPassword, { body: { token: this.token(), new_password: this.form.controls.password.value } }, withoutAuth()),
      );
      this.done.set(true);
    } catch (error) {
      const problem = toApiProblem(error);
      const { new_password, token, ...rest } = problem.fieldErrors;
      const unplaced = applyServerFieldErrors(this.form, { ...rest, ...(new_password ? { password: new_password } : {}) });
      const badLink = problem.code === 'INVALID_RESET_TOKEN' || token !== undefined;
      this.linkInvalid.set(badLink);
      this.problem.set(badLink ? 'This reset link is invalid, has expired or was already used.' : [problem.message, ...unplaced].join(' '));
    } finally {
      this.submitting.set(false);
    }
  }
}
