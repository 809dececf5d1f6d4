import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';

export interface ModelChoice {
  id: string;
  detail: string;
  /** Its provider has no key: an attempt on it is answered by the simulator. */
  simulated?: boolean;
}

export interface ActionDialogData {
  title: string;
  message: string;
  confirm: string;
  /** Ask for a reason; `required` makes the confirm button wait for one. */
  reason?: 'required' | 'optional';
  /** Ask for a model (rerun on another model). */
  models?: ModelChoice[];
  danger?: boolean;
}

export interface ActionDialogResult {
  reason: string;
  modelId: string;
}

/** Confirmation for every operator action: says what will happen, records why, optionally picks a model. */
@Component({
  selector: 'adm-action-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatDialogModule, MatButton, MatFormField, MatLabel, MatInput, MatError, MatHint, MatAutocompleteModule],
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <form mat-dialog-content [formGroup]="form" (ngSubmit)="submit()" id="action-form">
      <p>{{ data.message }}</p>
      @if (data.models) {
        <mat-form-field appearance="outline" class="full">
          <mat-label>Model</mat-label>
          <input matInput formControlName="modelId" [matAutocomplete]="auto" autocomplete="off" required />
          <mat-autocomplete #auto="matAutocomplete">
            @for (model of filteredModels(); track model.id) {
              <mat-option [value]="model.id">
                <span class="adm-mono">{{ model.id }}</span> <small>{{ model.detail }}</small>
                @if (model.simulated) {
                  <small class="sim-mark" data-testid="simulated-mark">· simulated (no provider key)</small>
                }
              </mat-option>
            }
          </mat-autocomplete>
          <mat-hint>The new attempt runs on this model; later gates keep their own.</mat-hint>
          <mat-error>Choose a model.</mat-error>
        </mat-form-field>
      }
      @if (data.reason) {
        <mat-form-field appearance="outline" class="full">
          <mat-label>Reason{{ data.reason === 'optional' ? ' (optional)' : '' }}</mat-label>
          <textarea matInput formControlName="reason" rows="3" [required]="data.reason === 'required'"></textarea>
          <mat-hint>Recorded with your name on the run.</mat-hint>
          <mat-error>Say why — it is recorded with the decision.</mat-error>
        </mat-form-field>
      }
    </form>
    <div mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>Keep as is</button>
      <button mat-flat-button type="submit" form="action-form" [class.danger]="data.danger">{{ data.confirm }}</button>
    </div>
  `,
  styles: `
    .sim-mark {
      color: var(--esy-warning-fg, #8a5a00);
      font-weight: 600;
    }
    .full {
      width: 100%;
      margin-top: 0.5rem;
    }
    .danger {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
    small {
      color: var(--mat-sys-on-surface-variant);
      margin-left: 0.4rem;
    }
  `,
})
export class ActionDialogComponent {
  protected readonly data = inject<ActionDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<ActionDialogComponent, ActionDialogResult>);
  protected readonly form = new FormGroup({
    reason: new FormControl('', { nonNullable: true, validators: this.data.reason === 'required' ? [Validators.required, Validators.pattern(/\S/)] : [] }),
    modelId: new FormControl('', { nonNullable: true, validators: this.data.models ? [Validators.required] : [] }),
  });

  protected filteredModels(): ModelChoice[] {
    const typed = this.form.controls.modelId.value.toLowerCase();
    return (this.data.models ?? []).filter((model) => model.id.toLowerCase().includes(typed));
  }

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.ref.close({ reason: this.form.controls.reason.value.trim(), modelId: this.form.controls.modelId.value.trim() });
  }
}
