import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Stored run_completed events get the snake_case totals new ones carry, so a replay reads like a live stream. */
export class SnakeCaseEventTotals1765152000000 implements MigrationInterface {
  name = 'SnakeCaseEventTotals1765152000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE "run_events" SET "payload" = jsonb_set("payload", '{totals}', jsonb_build_object(
        'total_gates', "payload"->'totals'->'totalGates', 'passed_gates', "payload"->'totals'->'passedGates',
        'failed_gates', "payload"->'totals'->'failedGates', 'skipped_gates', "payload"->'totals'->'skippedGates',
        'tokens_in', "payload"->'totals'->'tokensIn', 'tokens_out', "payload"->'totals'->'tokensOut',
        'total_cost_usd', "payload"->'totals'->'totalCostUsd'))
      WHERE "type" = 'run_completed' AND "payload"->'totals' ? 'totalGates'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      UPDATE "run_events" SET "payload" = jsonb_set("payload", '{totals}', jsonb_build_object(
        'totalGates', "payload"->'totals'->'total_gates', 'passedGates', "payload"->'totals'->'passed_gates',
        'failedGates', "payload"->'totals'->'failed_gates', 'skippedGates', "payload"->'totals'->'skipped_gates',
        'tokensIn', "payload"->'totals'->'tokens_in', 'tokensOut', "payload"->'totals'->'tokens_out',
        'totalCostUsd', "payload"->'totals'->'total_cost_usd'))
      WHERE "type" = 'run_completed' AND "payload"->'totals' ? 'total_gates'`);
  }
}
