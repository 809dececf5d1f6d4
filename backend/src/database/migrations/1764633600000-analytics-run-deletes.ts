import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deleting a run cascades to its attempts only after the run row is gone, so the analytics trigger could no longer
 * find the attempts' template and left their figures in the rollups. Deleting the attempts first (while the run
 * still exists) lets the trigger take each one back out.
 */
export class AnalyticsRunDeletes1764633600000 implements MigrationInterface {
  name = 'AnalyticsRunDeletes1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION "analytics_delete_run_attempts"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM "gate_executions" WHERE "run_id" = OLD."id";
        RETURN OLD;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "trg_runs_analytics_delete" BEFORE DELETE ON "runs"
      FOR EACH ROW EXECUTE FUNCTION "analytics_delete_run_attempts"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "trg_runs_analytics_delete" ON "runs"`);
    await queryRunner.query(`DROP FUNCTION "analytics_delete_run_attempts"()`);
  }
}
