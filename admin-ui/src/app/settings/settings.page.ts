import { ChangeDetectionStrategy, Component, effect, inject, signal, untracked } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { loader, toApiProblem } from '@esy/api-client';
import { ErrorStateComponent, LoadingStateComponent, PageHeaderComponent } from '@esy/ui-kit';
import { AdminApi, type PlatformSettings } from '../data/admin-api';
import { dateTime } from '../data/format';
import { SsoSettingsComponent } from './sso-settings.component';

/** Platform settings: retry defaults, the default run budget, and the simulator. */
@Component({
  selector: 'adm-settings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, SsoSettingsComponent, MatButton, MatCheckbox, MatFormField, MatLabel, MatHint, MatError, MatInput, PageHeaderComponent, ErrorStateComponent, LoadingStateComponent],
  template: `
    <div class="esy-page">
      <esy-page-header title="Settings" lead="Defaults for every run: retries, budgets and the simulator; and single sign-on. A template's own QA settings (attempts, escalation, budget) win over these for its runs." />
      @if (settings.problem(); as problem) {
        <esy-error-state [message]="problem.message" (retry)="settings.reload()" />
      } @else if (settings.hasValue()) {
        <form class="adm-panel form" [formGroup]="form" (ngSubmit)="save()">
          <h2>Retries</h2>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Attempts per gate</mat-label>
            <input matInput type="number" formControlName="max_attempts" min="1" max="10" />
            <mat-hint>Automatic attempts before a run pauses for an operator (1–10)</mat-hint>
            <mat-error>Between 1 and 10.</mat-error>
          </mat-form-field>
          <mat-checkbox formControlName="escalate_on_retry">Escalate to the next model tier after a failed attempt</mat-checkbox>
          <p class="muted note">Applies to templates that do not decide it themselves; the built-in templates escalate.</p>
          <mat-form-field appearance="outline">
            <mat-label>Infrastructure retries per gate</mat-label>
            <input matInput type="number" formControlName="infra_retry_limit" min="0" max="1000" [placeholder]="infraDefault()" />
            <mat-hint>Retries after a lost worker or a database, Redis or provider outage; they never use up attempts. Empty = server default ({{ infraDefault() }})</mat-hint>
            <mat-error>A whole number from 0 to 1000, or empty for the server default.</mat-error>
          </mat-form-field>
          <h2>Budget</h2>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Default budget per run (USD)</mat-label>
            <input matInput formControlName="default_run_budget_usd" placeholder="no limit" />
            <mat-hint>A run pauses with BUDGET_EXCEEDED when it would spend more; empty = no limit</mat-hint>
            <mat-error>A decimal amount such as 5.00.</mat-error>
          </mat-form-field>
          <h2>Simulator</h2>
          <mat-checkbox formControlName="simulation_enabled">Serve models without credentials from the simulator</mat-checkbox>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Simulated latency per round (ms)</mat-label>
            <input matInput type="number" formControlName="simulator_latency_ms" min="0" />
            <mat-hint>Pause before each simulated model answer</mat-hint>
            <mat-error>Zero or more milliseconds.</mat-error>
          </mat-form-field>
          <mat-form-field appearance="outline" subscriptSizing="dynamic">
            <mat-label>Simulated failure rate (0–1)</mat-label>
            <input matInput type="number" step="0.05" formControlName="simulator_fail_rate" min="0" max="1" />
            <mat-hint>Share of simulated attempts that fail their checks on purpose: 0 never, 1 always</mat-hint>
            <mat-error>A number from 0 to 1, such as 0.2.</mat-error>
          </mat-form-field>
          <div class="end">
            <span class="muted">Last changed {{ updated() }}</span>
            <button mat-flat-button type="submit" [disabled]="form.pristine || saving()">Save settings</button>
          </div>
        </form>
        <adm-sso-settings />
      } @else {
        <esy-loading-state shape="lines" [count]="5" label="Loading settings" />
      }
    </div>
  `,
  styles: `
    .form {
      display: flex;
      flex-direction: column;
      gap: 0.5rem;
      max-width: 40rem;
    }
    h2 {
      margin: 0.75rem 0 0.25rem !important;
    }
    .end {
      display: flex;
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
  `,
})
export default class SettingsPage {
  private readonly api = inject(AdminApi);
  private readonly snack = inject(MatSnackBar);
  protected readonly settings = loader({ stream: () => this.api.settings() });
  protected readonly saving = signal(false);
  protected readonly updated = signal('never');
  protected readonly infraDefault = signal('');
  protected readonly form = new FormGroup({
    max_attempts: new FormControl(3, { nonNullable: true, validators: [Validators.required, Validators.min(1), Validators.max(10)] }),
    escalate_on_retry: new FormControl(false, { nonNullable: true }),
    default_run_budget_usd: new FormControl('', { nonNullable: true, validators: [Validators.pattern(/^(\d+(\.\d+)?)?$/)] }),
    // null: the server's INFRA_RETRY_LIMIT applies.
    infra_retry_limit: new FormControl<number | null>(null, { validators: [Validators.min(0), Validators.max(1000), Validators.pattern(/^\d+$/)] }),
    simulation_enabled: new FormControl(true, { nonNullable: true }),
    simulator_latency_ms: new FormControl(0, { nonNullable: true, validators: [Validators.required, Validators.min(0)] }),
    simulator_fail_rate: new FormControl(0, { nonNullable: true, validators: [Validators.required, Validators.min(0), Validators.max(1)] }),
  });

  constructor() {
    // The form starts from what the server holds (and again after a retry).
    effect(() => {
      const settings = this.settings.data();
      if (settings) untracked(() => this.apply(settings));
    });
  }

  private apply(s: PlatformSettings): void {
    this.form.reset({ ...s, default_run_budget_usd: s.default_run_budget_usd ?? '' });
    this.infraDefault.set(String(s.infra_retry_limit_default));
    this.updated.set(s.updated_at ? `${dateTime(s.updated_at)}${s.updated_by_name ? ` by ${s.updated_by_name}` : ''}` : 'never');
  }

  protected save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    this.saving.set(true);
    const infra = v.infra_retry_limit as number | string | null;
    this.api.updateSettings({ ...v, default_run_budget_usd: v.default_run_budget_usd || null, infra_retry_limit: infra === '' || infra === null ? null : Number(infra) }).subscribe({
      next: (s) => {
        this.apply(s);
        this.saving.set(false);
        this.snack.open('Settings saved', undefined, { duration: 2000 });
      },
      error: (e) => {
        this.saving.set(false);
        this.snack.open(toApiProblem(e).message, 'Dismiss', { duration: 6000 });
      },
    });
  }
}
