/**
 * Only in-app paths are followed after sign-in ("/activity/42"), never "//evil.example" or "https://…",
 * so a crafted sign-in link cannot send the user elsewhere.
 */
export function safeReturnUrl(candidate: string | null | undefined, fallback: string): string {
  if (!candidate || !candidate.startsWith('/') || candidate.startsWith('//') || candidate.startsWith('/\\')) return fallback;
  if (/^\/(sign-in|register)(\b|\/|\?|$)/.test(candidate)) return fallback;
  return candidate;
}
