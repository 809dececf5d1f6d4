import { AbstractControl, ValidationErrors } from '@angular/forms';

/** The API's minimum (PASSWORD_MIN_LENGTH); checked here first so the user learns it before submitting. */
export const MIN_PASSWORD_LENGTH = 8;

/** The confirmation must repeat the password; the error sits on the confirmation field where the user looks. */
export function confirmationMatches(group: AbstractControl): ValidationErrors | null {
  const password = group.get('password');
  const confirmation = group.get('confirmation');
  if (!password || !confirmation) return null;
  const mismatch = confirmation.value !== '' && confirmation.value !== password.value;
  const { mismatch: _previous, ...others } = confirmation.errors ?? {};
  confirmation.setErrors(mismatch ? { ...others, mismatch: true } : Object.keys(others).length ? others : null);
  return null;
}

