import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ReactiveFormsModule, type FormArray } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatTooltip } from '@angular/material/tooltip';
import { FIELD_TYPES, fieldGroup, type FieldGroup } from './draft-form';

/** The intake form users fill: one row per field (key, label, type, options, default, required, help). */
@Component({
  selector: 'adm-intent-schema-builder',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButton, MatIconButton, MatCheckbox, MatFormField, MatLabel, MatHint, MatInput, MatSelect, MatOption, MatIcon, MatTooltip],
  template: `
    @for (field of fields().controls; track field; let i = $index) {
      <fieldset class="field" [formGroup]="field" [attr.aria-label]="'Intake field ' + (i + 1)" data-testid="intent-field">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Key</mat-label>
          <input matInput formControlName="key" placeholder="topic" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Label</mat-label>
          <input matInput formControlName="label" placeholder="Topic" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Type</mat-label>
          <mat-select formControlName="type">
            @for (t of types; track t) {
              <mat-option [value]="t">{{ t }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-checkbox formControlName="required">Required</mat-checkbox>
        <button mat-icon-button type="button" matTooltip="Remove field" [attr.aria-label]="'Remove field ' + (i + 1)" (click)="fields().removeAt(i)"><mat-icon>delete</mat-icon></button>
        @if (field.controls.type.value === 'enum') {
          <mat-form-field appearance="outline" subscriptSizing="dynamic" class="wide">
            <mat-label>Options (one per line: value: Label)</mat-label>
            <textarea matInput formControlName="options" rows="3" placeholder="general: General readers"></textarea>
          </mat-form-field>
        }
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>Default</mat-label>
          <input matInput formControlName="default" />
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic" class="help">
          <mat-label>Help text</mat-label>
          <input matInput formControlName="help" />
          <mat-hint>Shown under the field in the user app.</mat-hint>
        </mat-form-field>
      </fieldset>
    } @empty {
      <p class="muted">No intake fields yet: users will start runs without a brief.</p>
    }
    <button mat-stroked-button type="button" (click)="add()"><mat-icon>add</mat-icon>Add field</button>
  `,
  styles: `
    .field {
      display: grid;
      grid-template-columns: repeat(3, minmax(0, 1fr)) auto auto;
      gap: 0.5rem;
      align-items: center;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-medium);
      padding: 0.75rem;
      margin: 0 0 0.75rem;
      min-width: 0;
    }
    .wide {
      grid-column: 1 / -1;
    }
    .help {
      grid-column: 2 / -1;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    /* Phones: two columns (key and label, then type and the checkbox), help text on its own row. */
    @media (max-width: 600px) {
      .field {
        grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      }
      .field > button {
        grid-column: 2;
        justify-self: end;
      }
      .help {
        grid-column: 1 / -1;
      }
    }
  `,
})
export class IntentSchemaBuilderComponent {
  readonly fields = input.required<FormArray<FieldGroup>>();
  protected readonly types = FIELD_TYPES;

  protected add(): void {
    this.fields().push(fieldGroup());
  }
}
