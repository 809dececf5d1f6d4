import { AbstractControl, FormGroup } from '@angular/forms';

/** Puts the server's per-field messages on the matching controls; returns the fields it could not place. */
export function applyServerFieldErrors(form: FormGroup, fieldErrors: Record<string, string>): string[] {
  const unplaced: string[] = [];
  for (const [field, message] of Object.entries(fieldErrors)) {
    const control: AbstractControl | null = form.get(field);
    if (control) {
      control.setErrors({ ...(control.errors ?? {}), server: message });
      control.markAsTouched();
    } else {
      unplaced.push(message);
    }
  }
  return unplaced;
}

/** The one message to show under a control: the server's own words first, then the client-side checks. */
export function controlMessage(control: AbstractControl, label: string): string | null {
  const errors = control.errors;
  if (!errors) return null;
  if (typeof errors['server'] === 'string') return errors['server'];
  if (errors['required']) return `${label} is required.`;
  if (errors['email']) return 'Enter an email address like name@example.com.';
  if (errors['minlength']) return `${label} needs at least ${errors['minlength'].requiredLength} characters.`;
  if (errors['maxlength']) return `${label} can have at most ${errors['maxlength'].requiredLength} characters.`;
  if (errors['mismatch']) return 'The passwords do not match.';
  return `${label} is not valid.`;
}
