import { CdkTextareaAutosize } from '@angular/cdk/text-field';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { IntakeForm, intakeFieldMessage } from './intake-form';
import type { IntentField } from './intent-field';

/**
 * The controls of an intake form, one per intent field: short text, long text, a choice, a number or a switch.
 * Labels, help text and error messages are tied to each control so screen readers read them together. Hints and
 * errors size to their text (`subscriptSizing="dynamic"`), so a long help line never runs into the next label.
 */
@Component({
  selector: 'esy-intake-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    CdkTextareaAutosize,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatSelect,
    MatOption,
    MatSlideToggle,
  ],
  template: `
    <div class="fields" [formGroup]="form()">
      @for (field of fields(); track field.key) {
        @switch (field.type) {
          @case ('boolean') {
            <div class="switch" [attr.data-field]="field.key">
              <mat-slide-toggle [formControlName]="field.key" [attr.aria-describedby]="field.help ? 'help-' + field.key : null">
                {{ field.label }}
              </mat-slide-toggle>
              @if (field.help) {
                <p class="switch-help" [id]="'help-' + field.key">{{ field.help }}</p>
              }
            </div>
          }
          @case ('enum') {
            <mat-form-field appearance="outline" subscriptSizing="dynamic" [attr.data-field]="field.key">
              <mat-label>{{ field.label }}</mat-label>
              <mat-select [formControlName]="field.key" [required]="field.required" [placeholder]="example(field)">
                @if (!field.required) {
                  <mat-option [value]="null">No preference</mat-option>
                }
                @for (option of field.options; track option.value) {
                  <mat-option [value]="option.value">{{ option.label }}</mat-option>
                }
              </mat-select>
              @if (field.help) {
                <mat-hint>{{ field.help }}</mat-hint>
              }
              <mat-error>{{ message(field) }}</mat-error>
            </mat-form-field>
          }
          @case ('text') {
            <mat-form-field appearance="outline" subscriptSizing="dynamic" [attr.data-field]="field.key">
              <mat-label>{{ field.label }}</mat-label>
              <textarea
                matInput
                cdkTextareaAutosize
                cdkAutosizeMinRows="3"
                cdkAutosizeMaxRows="12"
                [formControlName]="field.key"
                [required]="field.required"
                [placeholder]="example(field)"
              ></textarea>
              @if (field.help) {
                <mat-hint>{{ field.help }}</mat-hint>
              }
              @if (field.max_length) {
                <mat-hint align="end" class="count">{{ length(field) }} / {{ field.max_length }}</mat-hint>
              }
              <mat-error>{{ message(field) }}</mat-error>
            </mat-form-field>
          }
          @case ('number') {
            <mat-form-field appearance="outline" subscriptSizing="dynamic" [attr.data-field]="field.key">
              <mat-label>{{ field.label }}</mat-label>
              <input
                matInput
                type="number"
                inputmode="decimal"
                [formControlName]="field.key"
                [required]="field.required"
                [attr.min]="field.min ?? null"
                [attr.max]="field.max ?? null"
                [placeholder]="example(field)"
              />
              @if (field.help) {
                <mat-hint>{{ field.help }}</mat-hint>
              }
              <mat-error>{{ message(field) }}</mat-error>
            </mat-form-field>
          }
          @default {
            <mat-form-field appearance="outline" subscriptSizing="dynamic" [attr.data-field]="field.key">
              <mat-label>{{ field.label }}</mat-label>
              <input
                matInput
                autocomplete="off"
                [formControlName]="field.key"
                [required]="field.required"
                [placeholder]="example(field)"
              />
              @if (field.help) {
                <mat-hint>{{ field.help }}</mat-hint>
              }
              @if (field.max_length) {
                <mat-hint align="end" class="count">{{ length(field) }} / {{ field.max_length }}</mat-hint>
              }
              <mat-error>{{ message(field) }}</mat-error>
            </mat-form-field>
          }
        }
      }
    </div>
  `,
  styles: `
    .fields {
      display: grid;
      gap: 1rem;
    }
    mat-form-field {
      width: 100%;
    }
    /* "0 / 60" stays on one line beside a two-line help text. */
    .count {
      flex-shrink: 0;
      white-space: nowrap;
    }
    .switch {
      padding: 0.25rem 0 0.75rem;
    }
    .switch-help {
      margin: 0.25rem 0 0 3.25rem;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class IntakeFieldsComponent {
  readonly fields = input.required<readonly IntentField[]>();
  readonly form = input.required<IntakeForm>();

  protected message(field: IntentField): string | null {
    const control = this.form().controls[field.key];
    return control ? intakeFieldMessage(field, control) : null;
  }

  /** "e.g. serendipity": a bare example in grey reads like an answer already given once the field is marked empty. */
  protected example(field: IntentField): string {
    return field.placeholder ? `e.g. ${field.placeholder}` : '';
  }

  protected length(field: IntentField): number {
    const value = this.form().controls[field.key]?.value;
    return typeof value === 'string' ? value.trim().length : 0;
  }
}
