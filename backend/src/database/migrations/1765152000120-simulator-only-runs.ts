import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A draft test run may be served by the simulator even where providers have credentials (the creator's choice in
 * the template editor): the run remembers it, so every attempt, rerun included, stays simulated.
 */
export class SimulatorOnlyRuns1765152000120 implements MigrationInterface {
  name = 'SimulatorOnlyRuns1765152000120';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "runs" ADD COLUMN "simulator_only" boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "runs" DROP COLUMN "simulator_only"`);
  }
}
