import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Draft test runs: a creator runs an unpublished draft from the template editor. Its spec row (needed by the run,
 * never listed as a version) and the run itself are marked `draft`, so user lists, user APIs and version histories
 * leave them out.
 */
export class DraftTestRuns1765152000021 implements MigrationInterface {
  name = 'DraftTestRuns1765152000021';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "specs" ADD COLUMN "draft" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "runs" ADD COLUMN "draft" boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "runs" DROP COLUMN "draft"`);
    await queryRunner.query(`ALTER TABLE "specs" DROP COLUMN "draft"`);
  }
}
