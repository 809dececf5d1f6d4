/** Provider keys at rest: AES-256-GCM, random IV, tamper detection, last four, redaction. */
import { randomBytes } from 'node:crypto';
import {
  CredentialError,
  decryptSecret,
  encryptSecret,
  lastFour,
  loadCredentialsKey,
  redactSecrets,
  redactSecretsDeep,
} from '../../core/models/credentials';

const key = randomBytes(32);
const secret = 'sk-ant-api03-Zx9Q-abcdefghijklmnop-7f3k';

describe('encrypted provider credentials', () => {
  it('stores something that is not the plaintext and decrypts back to it', () => {
    const stored = encryptSecret(secret, key);
    expect(stored).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(Buffer.from(secret).toString('base64'));
    expect(decryptSecret(stored, key)).toBe(secret);
  });

  it('uses a fresh IV each time, so the same key encrypts differently', () => {
    const a = encryptSecret(secret, key);
    const b = encryptSecret(secret, key);
    expect(a).not.toBe(b);
    expect(a.split(':')[1]).not.toBe(b.split(':')[1]);
  });

  it('detects tampering with the ciphertext, the tag or the IV', () => {
    const [v, iv, tag, ct] = encryptSecret(secret, key).split(':');
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64');
      bytes[0] ^= 0x01;
      return bytes.toString('base64');
    };
    for (const tampered of [[v, iv, tag, flip(ct)], [v, iv, flip(tag), ct], [v, flip(iv), tag, ct]]) {
      expect(() => decryptSecret(tampered.join(':'), key)).toThrow(CredentialError);
      expect(() => decryptSecret(tampered.join(':'), key)).toThrow('failed authentication');
    }
  });

  it('refuses another key and malformed stored values, without echoing them', () => {
    const stored = encryptSecret(secret, key);
    expect(() => decryptSecret(stored, randomBytes(32))).toThrow('failed authentication');
    expect(() => decryptSecret('plaintext-key', key)).toThrow('v1:<iv>:<tag>:<ciphertext>');
    try {
      decryptSecret(stored, randomBytes(32));
    } catch (err) {
      expect((err as Error).message).not.toContain(stored);
    }
  });

  it('loads the key from the environment with clear errors', () => {
    const good = randomBytes(32).toString('base64');
    expect(loadCredentialsKey({ CREDENTIALS_KEY: good }).equals(Buffer.from(good, 'base64'))).toBe(true);
    expect(() => loadCredentialsKey({})).toThrow('CREDENTIALS_KEY is not set');
    expect(() => loadCredentialsKey({ CREDENTIALS_KEY: randomBytes(16).toString('base64') })).toThrow('must decode to 32 bytes, got 16');
    expect(() => loadCredentialsKey({ CREDENTIALS_KEY: 'not base64!!' })).toThrow('not base64');
  });

  it('shows only the last four characters', () => {
    expect(lastFour(secret)).toBe('7f3k');
    expect(lastFour('short')).toBe('');
    expect(lastFour(undefined)).toBe('');
  });

  it('redacts every occurrence of every secret from text and nested records', () => {
    const other = 'sk-proj-OTHERSECRET-0000';
    const text = `calling with ${secret}; retry with ${secret} and ${other}`;
    const redacted = redactSecrets(text, [secret, other, undefined, 'abc']);
    expect(redacted).toBe('calling with [REDACTED…7f3k]; retry with [REDACTED…7f3k] and [REDACTED…0000]');
    const record = redactSecretsDeep({ raw: { headers: [`Bearer ${secret}`] }, n: 3 }, [secret]);
    expect(JSON.stringify(record)).not.toContain(secret);
    expect(record.n).toBe(3);
  });
});
