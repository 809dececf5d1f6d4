import { Injectable } from '@nestjs/common';
import { Algorithm, hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/app-config.module';

/**
 * argon2id password hashing (PHC strings, so hashes from any argon2 implementation verify); cost parameters come
 * from the configuration (lowered in tests). @node-rs/argon2 ships prebuilt binaries for every platform, so
 * installing needs no compiler.
 */
@Injectable()
export class PasswordService {
  /** Verifying against this when the user does not exist keeps login timing the same for unknown emails. */
  private dummyHash?: Promise<string>;

  constructor(@InjectConfig() private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    const { memoryCost, timeCost, parallelism } = this.config.auth.argon2;
    return argon2Hash(password, { algorithm: Algorithm.Argon2id, memoryCost, timeCost, parallelism });
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    const target = hash ?? (await (this.dummyHash ??= this.hash('not-a-real-password')));
    try {
      return (await argon2Verify(target, password)) && hash != null;
    } catch {
      return false;
    }
  }
}
