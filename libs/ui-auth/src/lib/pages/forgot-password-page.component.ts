import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatProgressBar } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { Api, authForgotPassword, toApiProblem } from '@esy/api-client';
import { firstValueFrom } from 'rxjs';
import { AUTH_CONFIG } from '../auth.config';
import { withoutAuth } from '../auth.context';
import { AuthLayoutComponent } from './auth-layout.component';
import { applyServerFieldErrors, controlMessage } from './server-errors';

/** Asks for a reset link by email. The answer never says whether the address has an account. */
@Component({
  selector: 'esy-forgot-password-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, AuthLayoutComponent, MatFormField, MatLabel, MatError, MatInput, MatButton, MatIcon, MatProgressBar],
  template: `
    <esy-auth-layout title="Forgot your password?" subtitle="Enter your email and we will send you a link to choose a new one.">
      @if (sentMessage(); as sent) {
        <p class="notice" role="status"><mat-icon aria-hidden="true">mark_email_read</mat-icon>{{ sent }}</p>
        <p class="hint">The link works once, for 30 minutes. Nothing arrived? Check your spam folder, or ask again.</p>
        <button mat-stroked-button type="button" (click)="sentMessage.set(null)">Send another link</button>
      } @else {
        @if (problem(); as problem) {
          <p class="problem" role="alert"><mat-icon aria-hidden="true">error</mat-icon>{{ problem }}</p>
        }
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <mat-form-field appearance="outline">
            <mat-label>Email</mat-label>
            <input matInput formControlName="email" type="email" autocomplete="username" inputmode="email" required />
            <mat-error>{{ message(form.controls.email, 'Email') }}</mat-error>
          </mat-form-field>
          <button mat-flat-button class="submit" type="submit" [disabled]="submitting()">
            {{ submitting() ? 'Sending…' : 'Send reset link' }}
          </button>
          @if (submitting()) {
            <mat-progress-bar mode="indeterminate" aria-label="Sending the reset link" />
          }
        </form>
      }
      <p class="switch">Remembered it? <a [routerLink]="config.signInPath">Back to sign in</a></p>
    </esy-auth-layout>
  `,
  styleUrl: './auth-form.scss',
})
export class ForgotPasswordPageComponent {
  private readonly api = inject(Api);
  protected readonly config = inject(AUTH_CONFIG);
  protected readonly form = new FormGroup({
    email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
  });
  protected readonly submitting = signal(false);
  protected readonly problem = signal<string | null>(null);
  protected readonly sentMessage = signal<string | null>(null);
  protected readonly message = controlMessage;

  protected async submit(): Promise<void> {
    if (this.submitting()) return;
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    this.submitting.set(true);
    this.problem.set(null);
    try {
      const answer = await firstValueFrom(
        this.api.invoke(authForgotPassword, { body: { email: this.form.controls.email.value.trim() } }, withoutAuth()),
      );
      this.sentMessage.set(answer.message);
    } catch (error) {
      const problem = toApiProblem(error);
      const unplaced = applyServerFieldErrors(this.form, problem.fieldErrors);
      this.problem.set([problem.message, ...unplaced].join(' '));
    } finally {
      this.submitting.set(false);
    }
  }
}
