import { HttpContext, HttpContextToken } from '@angular/common/http';

/** Requests marked with this go out without a bearer token and never trigger a refresh (login, refresh, …). */
export const SKIP_AUTH = new HttpContextToken<boolean>(() => false);

export function withoutAuth(context = new HttpContext()): HttpContext {
  return context.set(SKIP_AUTH, true);
}
