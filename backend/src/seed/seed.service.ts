import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AdminSeeder } from '../auth/admin.seeder';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/app-config.module';
import { ModelsSeeder } from '../models/models.seeder';
import { WorkflowsSeeder } from '../workflows/workflows.seeder';

/** Distinct from the migration lock, so seeding never waits on a migration of another instance and vice versa. */
export const SEED_LOCK_KEY = 7_264_117_002;

/**
 * Idempotent start-up seed: models, the first admin, then workflows from orchestration/workflows. Runs under an
 * advisory lock so parallel instances do not race each other into duplicates.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: AppConfig,
    private readonly models: ModelsSeeder,
    private readonly admin: AdminSeeder,
    private readonly workflows: WorkflowsSeeder,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.seedOnStart) await this.seed();
  }

  async seed(): Promise<void> {
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [SEED_LOCK_KEY]);
      await this.models.seed();
      await this.admin.seed();
      await this.workflows.seed();
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [SEED_LOCK_KEY]).catch(() => undefined);
      await lock.release();
    }
    this.logger.debug('Seed complete.');
  }
}
