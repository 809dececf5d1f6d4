import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, FormGroup, FormRecord, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatRadioButton, MatRadioGroup } from '@angular/material/radio';
import { MatOption, MatSelect } from '@angular/material/select';

/** One intake field as the draft describes it (loosely typed: the draft's schema is free-form JSON). */
export interface DraftIntakeField {
  key: string;
  label: string;
  type: string;
  required: boolean;
  options: Array<{ value: string; label: string }>;
  default: string;
}

export interface DraftTestDialogData {
  fields: DraftIntakeField[];
  /** Active models: "run every gate on this one" (real providers where configured). */
  models: Array<{ id: string; detail: string }>;
}

export interface DraftTestDialogResult {
  intent: Record<string, unknown>;
  modelId: string | null;
  /** Every call served by the simulator, even for providers with credentials (nothing is spent). */
  simulator: boolean;
}

/** Reads the draft's intake fields out of its intent_schema entries. */
export function intakeFieldsOf(schema: Array<Record<string, unknown>> | undefined): DraftIntakeField[] {
  return (schema ?? []).map((entry) => {
    const options = Array.isArray(entry['options'])
      ? (entry['options'] as unknown[]).map((option) =>
          typeof option === 'object' && option !== null
            ? { value: String((option as Record<string, unknown>)['value']), label: String((option as Record<string, unknown>)['label'] ?? (option as Record<string, unknown>)['value']) }
            : { value: String(option), label: String(option) },
        )
      : [];
    const fallback = entry['default'] ?? (entry['type'] === 'enum' ? options[0]?.value : undefined);
    return {
      key: String(entry['key'] ?? ''),
      label: String(entry['label'] ?? entry['key'] ?? ''),
      type: String(entry['type'] ?? 'string'),
      required: entry['required'] === true,
      options,
      default: fallback === undefined || fallback === null ? '' : String(fallback),
    };
  });
}

/** Values for a draft test run: the draft's own intake form, and which models serve it. */
@Component({
  selector: 'adm-draft-test-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButton, MatFormField, MatLabel, MatInput, MatError, MatHint, MatSelect, MatOption, MatRadioGroup, MatRadioButton],
  template: `
    <h2 mat-dialog-title>Test this draft</h2>
    <form mat-dialog-content [formGroup]="form" (ngSubmit)="submit()" id="draft-test-form">
      <p>The unpublished draft runs as it is now, without publishing anything. The run is marked “Draft test” and is shown to administrators only.</p>
      <div [formGroup]="form.controls.intent">
        @for (field of data.fields; track field.key) {
          <mat-form-field appearance="outline" class="full">
            <mat-label>{{ field.label }}</mat-label>
            @if (field.type === 'enum' || field.type === 'boolean') {
              <mat-select [formControlName]="field.key" [required]="field.required">
                @for (option of field.type === 'boolean' ? yesNo : field.options; track option.value) {
                  <mat-option [value]="option.value">{{ option.label }}</mat-option>
                }
              </mat-select>
            } @else {
              <input matInput [formControlName]="field.key" [type]="field.type === 'number' ? 'number' : 'text'" [required]="field.required" />
            }
            <mat-error>{{ field.label }} is required.</mat-error>
          </mat-form-field>
        } @empty {
          <p class="muted">The draft has no intake fields.</p>
        }
      </div>
      <fieldset class="served-by">
        <legend>Served by</legend>
        <mat-radio-group formControlName="servedBy" aria-label="Served by" class="choices">
          <mat-radio-button value="simulator">The simulator — nothing reaches a provider, nothing is spent</mat-radio-button>
          <mat-radio-button value="real">Real models — providers with credentials are called and charged</mat-radio-button>
        </mat-radio-group>
      </fieldset>
      <mat-form-field appearance="outline" class="full">
        <mat-label>Models</mat-label>
        <mat-select formControlName="modelId">
          <mat-option value="">The draft’s own routing</mat-option>
          @for (model of data.models; track model.id) {
            <mat-option [value]="model.id">Every gate on {{ model.id }} · {{ model.detail }}</mat-option>
          }
        </mat-select>
        <mat-hint>{{ form.controls.servedBy.value === 'simulator' ? 'The simulator imitates the chosen models (their prices show as simulated cost).' : 'Providers without credentials are still served by the simulator; a real model costs real money.' }}</mat-hint>
      </mat-form-field>
    </form>
    <div mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>Cancel</button>
      <button mat-flat-button type="submit" form="draft-test-form">Start draft test</button>
    </div>
  `,
  styles: `
    .full {
      width: 100%;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .served-by {
      border: 0;
      margin: 0 0 12px;
      padding: 0;
    }
    .served-by legend {
      font: var(--mat-sys-title-small);
      padding: 0;
    }
    .choices {
      display: flex;
      flex-direction: column;
    }
  `,
})
export class DraftTestDialogComponent {
  protected readonly data = inject<DraftTestDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<DraftTestDialogComponent, DraftTestDialogResult>>(MatDialogRef);
  protected readonly yesNo = [
    { value: 'true', label: 'Yes' },
    { value: 'false', label: 'No' },
  ];
  protected readonly form = new FormGroup({
    intent: new FormRecord<FormControl<string>>(
      Object.fromEntries(
        this.data.fields.map((field) => [field.key, new FormControl(field.default, { nonNullable: true, validators: field.required ? [Validators.required] : [] })]),
      ),
    ),
    modelId: new FormControl('', { nonNullable: true }),
    // A test is cheap and safe by default; real models are a deliberate choice.
    servedBy: new FormControl<'simulator' | 'real'>('simulator', { nonNullable: true }),
  });

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const values = this.form.controls.intent.getRawValue();
    const intent: Record<string, unknown> = {};
    for (const field of this.data.fields) {
      const raw = values[field.key]?.trim() ?? '';
      if (raw === '') continue;
      intent[field.key] = field.type === 'number' ? Number(raw) : field.type === 'boolean' ? raw === 'true' : raw;
    }
    this.ref.close({ intent, modelId: this.form.controls.modelId.value || null, simulator: this.form.controls.servedBy.value === 'simulator' });
  }
}
