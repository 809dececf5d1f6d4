import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The final integrity sweep's result, stored with the run (which gates were re-checked, what regressed). */
export class RunIntegritySweep1765065600011 implements MigrationInterface {
  name = 'RunIntegritySweep1765065600011';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "runs" ADD COLUMN "integrity_sweep" jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "runs" DROP COLUMN "integrity_sweep"`);
  }
}
