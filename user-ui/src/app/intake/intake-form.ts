import { AbstractControl, FormControl, FormGroup, ValidationErrors, ValidatorFn, Validators } from '@angular/forms';
import type { IntentField, IntentValue } from './intent-field';

export type IntakeControl = FormControl<IntentValue | null>;
export type IntakeForm = FormGroup<Record<string, IntakeControl>>;

/** Same rule as the server: the pattern must be found in the value (not anchored unless the pattern says so). */
function patternValidator(pattern: string): ValidatorFn {
  let regex: RegExp | null = null;
  try {
    regex = new RegExp(pattern);
  } catch {
    // A pattern the browser cannot compile is left to the server to judge.
  }
  return (control) => {
    const value = control.value;
    if (regex === null || typeof value !== 'string' || value.trim() === '') return null;
    return regex.test(value.trim()) ? null : { pattern: true };
  };
}

/** A short answer field must stay on one line (the server refuses line breaks in `string` fields). */
const singleLine: ValidatorFn = (control) =>
  typeof control.value === 'string' && /[\r\n]/.test(control.value) ? { singleLine: true } : null;

/** Length checks on the trimmed text, the way the server counts. */
function lengthValidator(min?: number, max?: number): ValidatorFn {
  return (control) => {
    if (typeof control.value !== 'string' || control.value.trim() === '') return null;
    const length = control.value.trim().length;
    if (min !== undefined && length < min) return { minlength: { requiredLength: min, actualLength: length } };
    if (max !== undefined && length > max) return { maxlength: { requiredLength: max, actualLength: length } };
    return null;
  };
}

/** Whitespace alone does not answer a required question. */
const requiredValue: ValidatorFn = (control) => {
  const value = control.value;
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '') ? { required: true } : null;
};

function validatorsFor(field: IntentField): ValidatorFn[] {
  const validators: ValidatorFn[] = [];
  if (field.required && field.type !== 'boolean') validators.push(requiredValue);
  if (field.type === 'string' || field.type === 'text') {
    if (field.min_length !== undefined || field.max_length !== undefined) validators.push(lengthValidator(field.min_length, field.max_length));
    if (field.pattern) validators.push(patternValidator(field.pattern));
    if (field.type === 'string') validators.push(singleLine);
  }
  if (field.type === 'number') {
    if (field.min !== undefined) validators.push(Validators.min(field.min));
    if (field.max !== undefined) validators.push(Validators.max(field.max));
  }
  return validators;
}

function initialValue(field: IntentField): IntentValue | null {
  if (field.default !== undefined) return field.default;
  if (field.type === 'boolean') return false;
  if (field.type === 'string' || field.type === 'text') return '';
  return null;
}

/** One typed control per field, with the field's default and its checks. */
export function buildIntakeForm(fields: readonly IntentField[]): IntakeForm {
  const controls: Record<string, IntakeControl> = {};
  for (const field of fields) {
    controls[field.key] = new FormControl<IntentValue | null>(initialValue(field), { validators: validatorsFor(field) });
  }
  return new FormGroup(controls);
}

/**
 * The intent to send: strings trimmed (short answers) and empty optional answers left out so the server applies
 * its own defaults. Numbers typed into a text box arrive as numbers.
 */
export function intentFromForm(fields: readonly IntentField[], form: IntakeForm): Record<string, IntentValue> {
  const intent: Record<string, IntentValue> = {};
  for (const field of fields) {
    const value = form.controls[field.key]?.value;
    if (value === null || value === undefined) continue;
    if (typeof value === 'string') {
      const answer = field.type === 'text' ? value : value.trim();
      if (answer.trim() === '') continue;
      intent[field.key] = field.type === 'number' ? Number(answer) : answer;
      continue;
    }
    intent[field.key] = value;
  }
  return intent;
}

/**
 * Places the server's per-field messages (`intent.word` or `word`) on the matching controls. Returns the messages
 * that belong to no field, for the form-level alert.
 */
export function applyIntentFieldErrors(form: IntakeForm, fieldErrors: Record<string, string>): string[] {
  const unplaced: string[] = [];
  for (const [path, message] of Object.entries(fieldErrors)) {
    const key = path.replace(/^intent\./, '');
    const control = form.controls[key];
    if (control && key !== '') {
      control.setErrors({ ...(control.errors ?? {}), server: message });
      control.markAsTouched();
    } else {
      unplaced.push(message);
    }
  }
  return unplaced;
}

/** The one message to show under a field: the server's words first, then the browser-side checks. */
export function intakeFieldMessage(field: IntentField, control: AbstractControl): string | null {
  const errors: ValidationErrors | null = control.errors;
  if (!errors) return null;
  if (typeof errors['server'] === 'string') return sentence(errors['server']);
  if (errors['required']) return `${field.label} is required.`;
  if (errors['minlength']) return `${field.label} needs at least ${errors['minlength'].requiredLength} characters.`;
  if (errors['maxlength']) return `${field.label} can have at most ${errors['maxlength'].requiredLength} characters.`;
  if (errors['pattern']) return patternMessage(field);
  if (errors['singleLine']) return `${field.label} must fit on one line.`;
  if (errors['min']) return `${field.label} must be at least ${errors['min'].min}.`;
  if (errors['max']) return `${field.label} must be at most ${errors['max'].max}.`;
  return `${field.label} is not valid.`;
}

/** Says what is allowed when the schema puts it in words; the same sentence the server gives. */
function patternMessage(field: IntentField): string {
  return field.pattern_hint ? `${field.label} may contain only ${field.pattern_hint}.` : `${field.label} is not in the expected form.`;
}

/** Server messages are lower-case fragments ("word is required"); show them as sentences. */
function sentence(message: string): string {
  const trimmed = message.trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
