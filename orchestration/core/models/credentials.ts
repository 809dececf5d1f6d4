/**
 * Provider API keys at rest: AES-256-GCM under a 32-byte key from the environment, a fresh 12-byte IV per value,
 * stored as `v1:<iv>:<tag>:<ciphertext>` (each base64). Tampering fails authentication instead of decrypting to junk.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** One name for the server and the CLI alike (the backend's configuration reads the same variable). */
export const CREDENTIALS_KEY_ENV = 'CREDENTIALS_KEY';
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class CredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialError';
  }
}

/** Reads the encryption key (32 bytes, base64) from the environment, with a clear error when it is unusable. */
export function loadCredentialsKey(env: Record<string, string | undefined> = process.env, variable = CREDENTIALS_KEY_ENV): Buffer {
  const value = env[variable]?.trim();
  if (!value) {
    throw new CredentialError(`${variable} is not set: provide 32 random bytes, base64-encoded (e.g. \`openssl rand -base64 32\`)`);
  }
  return parseCredentialsKey(value, variable);
}

export function parseCredentialsKey(base64: string, variable = CREDENTIALS_KEY_ENV): Buffer {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw new CredentialError(`${variable} is not base64`);
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new CredentialError(`${variable} must decode to 32 bytes, got ${key.length}`);
  return key;
}

export function encryptSecret(plaintext: string, key: Buffer): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(':');
}

export function decryptSecret(stored: string, key: Buffer): string {
  assertKey(key);
  const parts = stored.split(':');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new CredentialError('stored credential is not in the v1:<iv>:<tag>:<ciphertext> format');
  const [, ivText, tagText, ciphertextText] = parts;
  const iv = Buffer.from(ivText, 'base64');
  const tag = Buffer.from(tagText, 'base64');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new CredentialError('stored credential has a damaged IV or tag');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    // Never echo the stored value or the key.
    throw new CredentialError('stored credential failed authentication (tampered, or encrypted under another key)');
  }
}

/** The last four characters, the only part of a key ever shown. Short secrets show nothing. */
export function lastFour(secret: string | undefined | null): string {
  if (!secret || secret.length < 8) return '';
  return secret.slice(-4);
}

/**
 * Replaces every occurrence of each secret in `text` with `[REDACTED…abcd]` (keeping the last four so an operator
 * can tell keys apart). Secrets shorter than 6 characters are ignored: redacting them would mangle ordinary text.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined | null>): string {
  const usable = [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6))].sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of usable) out = out.split(secret).join(`[REDACTED…${lastFour(secret)}]`);
  return out;
}

/** Applies `redactSecrets` to every string inside a JSON-like value (for run records and logged objects). */
export function redactSecretsDeep<T>(value: T, secrets: ReadonlyArray<string | undefined | null>): T {
  if (typeof value === 'string') return redactSecrets(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v) => redactSecretsDeep(v, secrets)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSecretsDeep(v, secrets)])) as T;
  }
  return value;
}

function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== 32) throw new CredentialError('the credentials key must be 32 bytes');
}
