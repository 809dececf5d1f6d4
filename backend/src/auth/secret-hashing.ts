import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** sha256 (hex). Enough for high-entropy secrets (API keys, refresh tokens); passwords use argon2id. */
export const sha256Hex = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** Constant-time comparison of two hex digests. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** URL-safe random secret of `bytes` random bytes. */
export const randomSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');
