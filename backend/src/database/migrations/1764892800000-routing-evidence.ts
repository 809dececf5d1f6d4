import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Auto routing reads the newest first attempts of a gate per model (RoutingEvidenceRepository); this partial index
 * serves that read without touching retries.
 */
export class RoutingEvidence1764892800000 implements MigrationInterface {
  name = 'RoutingEvidence1764892800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "idx_gate_executions_routing_evidence" ON "gate_executions" ("gate_id", "model_id", "completed_at") WHERE "attempt_number" = 1`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "idx_gate_executions_routing_evidence"`);
  }
}
