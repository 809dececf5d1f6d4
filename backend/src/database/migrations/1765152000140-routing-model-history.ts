import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Auto routing looks for a model's change across all its gates (the newest first attempts of each model,
 * RoutingEvidenceRepository.modelHistory); this partial index serves that read per model without a scan.
 */
export class RoutingModelHistory1765152000140 implements MigrationInterface {
  name = 'RoutingModelHistory1765152000140';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_gate_executions_model_history" ON "gate_executions" ("model_id", "simulated", "completed_at") WHERE "attempt_number" = 1`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_gate_executions_model_history"`);
  }
}
