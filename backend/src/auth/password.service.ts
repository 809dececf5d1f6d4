import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/app-config.module';

/** argon2id password hashing; cost parameters come from the configuration (lowered in tests). */
@Injectable()
export class PasswordService {
  /** Verifying against this when the user does not exist keeps login timing the same for unknown emails. */
  private dummyHash?: Promise<string>;

  constructor(@InjectConfig() private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    const { memoryCost, timeCost, parallelism } = this.config.auth.argon2;
    return argon2.hash(password, { type: argon2.argon2id, memoryCost, timeCost, parallelism });
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    const target = hash ?? (await (this.dummyHash ??= this.hash('not-a-real-password')));
    try {
      return (await argon2.verify(target, password)) && hash != null;
    } catch {
      return false;
    }
  }
}
