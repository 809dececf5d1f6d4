import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { migrationsUpToDate } from '../database/migration-runner';
import { InjectRedis } from '../redis/redis.module';

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface CheckResult {
  name: 'database' | 'redis' | 'migrations';
  up: boolean;
  problem?: string;
}

@Injectable()
export class HealthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRedis() private readonly redis: Redis,
  ) {}

  async readiness(): Promise<CheckResult[]> {
    return Promise.all([
      this.check('database', async () => {
        await withTimeout(this.dataSource.query('SELECT 1'), 'PostgreSQL');
      }),
      this.check('redis', async () => {
        const answer = await withTimeout(this.redis.ping(), 'Redis');
        if (answer !== 'PONG') throw new Error(`Redis answered ${answer}`);
      }),
      this.check('migrations', async () => {
        if (!(await withTimeout(migrationsUpToDate(this.dataSource), 'PostgreSQL'))) {
          throw new Error('migrations are pending (run npm run db:migrate)');
        }
      }),
    ]);
  }

  private async check(name: CheckResult['name'], probe: () => Promise<void>): Promise<CheckResult> {
    try {
      await probe();
      return { name, up: true };
    } catch (error) {
      return { name, up: false, problem: (error as Error).message };
    }
  }
}
