import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ApiException, notFound } from '../common/errors/api.exception';
import { User } from '../users/entities/user.entity';
import { CreateApiKeyDto, DEFAULT_API_KEY_SCOPES } from './dto/api-key.dto';
import { ApiKey } from './entities/api-key.entity';
import { digestsEqual, randomSecret, sha256Hex } from './secret-hashing';

export const API_KEY_PREFIX_LENGTH = 8;
const PREFIX_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
/** `esy_<8-char prefix>_<43-char secret>`; the secret part may itself contain `_` and `-`. */
const API_KEY_PATTERN = new RegExp(`^esy_([${PREFIX_ALPHABET}]{${API_KEY_PREFIX_LENGTH}})_([A-Za-z0-9_-]{20,})$`);

export const looksLikeApiKey = (value: string) => value.startsWith('esy_');

function randomPrefix(): string {
  const bytes = randomBytes(API_KEY_PREFIX_LENGTH);
  return Array.from(bytes, (b) => PREFIX_ALPHABET[b % PREFIX_ALPHABET.length]).join('');
}

const invalidApiKey = () => new ApiException(401, 'INVALID_API_KEY', 'The API key is invalid, expired or revoked.');

/** How often last_used_at is written at most (a busy key must not turn every request into a write). */
const LAST_USED_RESOLUTION_SECONDS = 60;

@Injectable()
export class ApiKeysService {
  constructor(@InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>) {}

  async create(owner: AuthenticatedUser, dto: CreateApiKeyDto): Promise<{ key: ApiKey; secret: string }> {
    const scopes = dto.scopes ?? DEFAULT_API_KEY_SCOPES;
    if (scopes.includes('admin') && owner.role !== 'admin') {
      throw new ApiException(403, 'FORBIDDEN', 'Only administrators can create keys with the admin scope.');
    }
    if (owner.via === 'api_key' && scopes.some((scope) => !owner.scopes?.includes(scope))) {
      throw new ApiException(403, 'INSUFFICIENT_SCOPE', 'An API key cannot create a key with more scopes than its own.');
    }
    const expiresAt = dto.expires_at ? new Date(dto.expires_at) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) {
      throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [
        { field: 'expires_at', message: 'expires_at must be in the future' },
      ]);
    }
    const workflows = dto.workflows ? await this.knownWorkflows(dto.workflows) : null;
    const prefix = randomPrefix();
    const secret = `esy_${prefix}_${randomSecret(32)}`;
    const key = await this.keys.save(
      this.keys.create({ userId: owner.id, name: dto.name, prefix, keyHash: sha256Hex(secret), scopes, expiresAt, workflows }),
    );
    return { key, secret };
  }

  list(userId: string): Promise<ApiKey[]> {
    return this.keys.find({ where: { userId }, order: { createdAt: 'DESC' } });
  }

  /** The slugs, when every one names an existing workflow; otherwise a 400 naming the unknown ones. */
  private async knownWorkflows(slugs: string[]): Promise<string[]> {
    const rows: { slug: string }[] = await this.keys.manager.query(
      'SELECT slug FROM workflow_templates WHERE slug = ANY($1) AND deleted_at IS NULL',
      [slugs],
    );
    const found = new Set(rows.map((row) => row.slug));
    const unknown = slugs.filter((slug) => !found.has(slug));
    if (unknown.length) {
      throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [
        { field: 'workflows', message: `no workflow is named ${unknown.join(', ')}` },
      ]);
    }
    return slugs;
  }

  /** Revokes one of the caller's keys; another user's key id answers 404. Revoking twice is harmless. */
  async revoke(userId: string, id: string): Promise<void> {
    const key = await this.keys.findOneBy({ id, userId });
    if (!key) throw notFound('API key');
    if (!key.revokedAt) await this.keys.update({ id }, { revokedAt: new Date() });
  }

  /** Resolves a presented secret to its key and owner, or throws 401. */
  async authenticate(secret: string): Promise<{ key: ApiKey; user: User }> {
    const match = API_KEY_PATTERN.exec(secret);
    if (!match) throw invalidApiKey();
    const key = await this.keys.findOne({ where: { prefix: match[1] }, relations: { user: true } });
    if (!key || !key.user || !digestsEqual(key.keyHash, sha256Hex(secret))) throw invalidApiKey();
    if (key.revokedAt || (key.expiresAt && key.expiresAt.getTime() <= Date.now())) throw invalidApiKey();
    if (key.user.disabled) throw new ApiException(401, 'ACCOUNT_DISABLED', 'This account is disabled.');
    await this.keys
      .createQueryBuilder()
      .update(ApiKey)
      .set({ lastUsedAt: () => 'now()' })
      .where(`id = :id AND (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => :resolution))`, {
        id: key.id,
        resolution: LAST_USED_RESOLUTION_SECONDS,
      })
      .execute();
    return { key, user: key.user };
  }
}
