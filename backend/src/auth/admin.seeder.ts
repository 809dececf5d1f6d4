import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/app-config.module';
import { User } from '../users/entities/user.entity';
import { normalizeEmail } from '../users/users.service';
import { PasswordService } from './password.service';

export type AdminSeedOutcome = 'exists' | 'created' | 'promoted';

/**
 * Makes sure the platform has an administrator. When none exists, ADMIN_EMAIL becomes one: created with
 * ADMIN_PASSWORD, or with a generated password printed once in this start-up log. Never touches existing admins.
 */
@Injectable()
export class AdminSeeder {
  private readonly logger = new Logger('Seed');

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectConfig() private readonly config: AppConfig,
    private readonly passwords: PasswordService,
  ) {}

  async seed(): Promise<AdminSeedOutcome> {
    if (await this.users.existsBy({ role: 'admin' })) return 'exists';
    const email = normalizeEmail(this.config.admin.email);

    const existing = await this.users.findOneBy({ email });
    if (existing) {
      await this.users.update({ id: existing.id }, { role: 'admin', disabled: false });
      this.logger.warn(`No administrator existed: ${email} was promoted to admin (password unchanged).`);
      return 'promoted';
    }

    const generated = this.config.admin.password === null;
    const password = this.config.admin.password ?? randomBytes(18).toString('base64url');
    await this.users.insert({
      email,
      passwordHash: await this.passwords.hash(password),
      displayName: 'Administrator',
      role: 'admin',
    });
    if (generated) {
      // Printed exactly once: the next start finds the admin and prints nothing.
      this.logger.warn(
        `Created the first administrator ${email} with the generated password: ${password} — change it, or set ADMIN_PASSWORD before the first start.`,
      );
    } else {
      this.logger.log(`Created the first administrator ${email} (password from ADMIN_PASSWORD).`);
    }
    return 'created';
  }
}
