import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { adminModelsCreate, Api, toApiProblem, type AdminModel } from '@esy/api-client';
import { firstValueFrom } from 'rxjs';

export interface NewModelDialogData {
  /** Providers the platform knows (their key status is on the page); any OpenAI-compatible name also works. */
  providers: string[];
}

const PRICE = /^\d+(\.\d{1,6})?$/;

/**
 * Adds a model: our id, the provider and the provider's own model name, tier, prices and context window. The
 * server checks it again; a field it refuses shows the server's words under that field.
 */
@Component({
  selector: 'adm-new-model-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButton, MatFormField, MatLabel, MatHint, MatError, MatInput, MatSelect, MatOption, MatSlideToggle],
  template: `
    <h2 mat-dialog-title>Add a model</h2>
    <form [formGroup]="form" (ngSubmit)="save()">
      <mat-dialog-content class="grid">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Model id</mat-label>
          <input matInput formControlName="id" required placeholder="e.g. llama-3.3-70b" />
          <mat-hint>How templates and runs name it: lower-case letters, digits, . - _</mat-hint>
          <mat-error>{{ problem('id', 'Lower-case letters, digits, ".", "-" and "_", starting with a letter or digit.') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Display name (optional)</mat-label>
          <input matInput formControlName="display_name" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Provider</mat-label>
          <input matInput formControlName="provider" required [attr.list]="'known-providers'" />
          <datalist id="known-providers">
            @for (p of data.providers; track p) {
              <option [value]="p"></option>
            }
          </datalist>
          <mat-hint>{{ data.providers.join(', ') }}, or the name of an OpenAI-compatible server</mat-hint>
          <mat-error>{{ problem('provider', 'Name the provider that serves this model.') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Provider's model name</mat-label>
          <input matInput formControlName="api_model_name" required placeholder="e.g. llama3.3:70b" />
          <mat-hint>Exactly as the provider's API spells it</mat-hint>
          <mat-error>{{ problem('api_model_name', "Give the provider's name for this model.") }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Tier</mat-label>
          <mat-select formControlName="tier">
            <mat-option value="top">top</mat-option>
            <mat-option value="mid">mid</mat-option>
            <mat-option value="low">low</mat-option>
          </mat-select>
          <mat-hint>Agents that need this tier may be routed to it</mat-hint>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Context window (tokens)</mat-label>
          <input matInput type="number" formControlName="context_window" min="1" required />
          <mat-error>{{ problem('context_window', 'A whole number of tokens, at least 1.') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Input price per 1K tokens (USD)</mat-label>
          <input matInput formControlName="input_price_per_1k" required placeholder="0.003" />
          <mat-error>{{ problem('input_price_per_1k', 'A decimal amount such as 0.003 (0 for a free local model).') }}</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Output price per 1K tokens (USD)</mat-label>
          <input matInput formControlName="output_price_per_1k" required placeholder="0.015" />
          <mat-error>{{ problem('output_price_per_1k', 'A decimal amount such as 0.015 (0 for a free local model).') }}</mat-error>
        </mat-form-field>
        <mat-slide-toggle formControlName="tools" class="span2">Calls tools (agents need this to write files)</mat-slide-toggle>
        @if (failure(); as message) {
          <p class="failure span2" role="alert">{{ message }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>Cancel</button>
        <button mat-flat-button type="submit" [disabled]="saving()">Add model</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .grid {
      display: grid;
      grid-template-columns: repeat(2, minmax(0, 1fr));
      gap: 0.75rem 1rem;
      /* A field beside one with a longer hint keeps its own height instead of stretching to the row's. */
      align-items: start;
    }
    .span2 {
      grid-column: 1 / -1;
    }
    .failure {
      margin: 0;
      color: var(--mat-sys-error);
    }
    @media (max-width: 600px) {
      .grid {
        grid-template-columns: 1fr;
      }
    }
  `,
})
export class NewModelDialogComponent {
  protected readonly data = inject<NewModelDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<NewModelDialogComponent, AdminModel>>(MatDialogRef);
  private readonly api = inject(Api);
  protected readonly saving = signal(false);
  protected readonly failure = signal<string | null>(null);

  protected readonly form = new FormGroup({
    id: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^[a-z0-9][a-z0-9._-]*$/)] }),
    display_name: new FormControl('', { nonNullable: true }),
    provider: new FormControl('openai', { nonNullable: true, validators: [Validators.required] }),
    api_model_name: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    tier: new FormControl<'top' | 'mid' | 'low'>('mid', { nonNullable: true }),
    context_window: new FormControl(128_000, { nonNullable: true, validators: [Validators.required, Validators.min(1)] }),
    input_price_per_1k: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(PRICE)] }),
    output_price_per_1k: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(PRICE)] }),
    tools: new FormControl(true, { nonNullable: true }),
  });

  /** The server's message for a field when it refused it, else the local rule. */
  protected problem(field: keyof typeof this.form.controls, rule: string): string {
    const server = this.form.controls[field].errors?.['server'];
    return typeof server === 'string' ? server : rule;
  }

  protected async save(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { tools, display_name, ...v } = this.form.getRawValue();
    this.saving.set(true);
    this.failure.set(null);
    try {
      const body = { ...v, ...(display_name.trim() ? { display_name: display_name.trim() } : {}), capabilities: { tools, streaming: true, structured_output: false } };
      this.ref.close(await firstValueFrom(this.api.invoke(adminModelsCreate, { body })));
    } catch (error) {
      const problem = toApiProblem(error);
      let placed = false;
      for (const [path, message] of Object.entries(problem.fieldErrors)) {
        const control = this.form.controls[path as keyof typeof this.form.controls];
        if (!control) continue;
        control.setErrors({ server: message });
        control.markAsTouched();
        placed = true;
      }
      if (!placed) this.failure.set(problem.message);
    } finally {
      this.saving.set(false);
    }
  }
}
