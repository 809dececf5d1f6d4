import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An API key may be limited to named workflows (template slugs); NULL = every workflow. */
export class ApiKeyWorkflows1765152000001 implements MigrationInterface {
  name = 'ApiKeyWorkflows1765152000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_keys" ADD COLUMN "workflows" text[]`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_keys" DROP COLUMN "workflows"`);
  }
}
