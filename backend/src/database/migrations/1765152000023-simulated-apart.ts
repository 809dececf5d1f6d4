import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Simulated work is never counted as real (issue 11): the daily analytics rollups gain a `simulated` key (an
 * attempt's simulated flag), so every figure can be read real-only, simulated-only or both; runs keep their
 * simulated spend apart (`simulated_cost_usd`, part of `total_cost_usd`) so budgets and cost totals count real spend.
 */
export class SimulatedApart1765152000023 implements MigrationInterface {
  name = 'SimulatedApart1765152000023';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}

const APPLY = (withSimulated: boolean) => `CREATE OR REPLACE FUNCTION "analytics_apply"(g "gate_executions", sign integer) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      finished boolean := g."status" IN ('passed', 'warning', 'failed');
      template uuid;
      at_day date := (g."created_at" AT TIME ZONE 'UTC')::date;
      model text := coalesce(g."model_id", '');
    BEGIN
      IF NOT finished AND g."cost_usd" = 0 AND g."tokens_in" = 0 AND g."tokens_out" = 0 THEN RETURN; END IF;
      SELECT r."template_id" INTO template FROM "runs" r WHERE r."id" = g."run_id";
      IF template IS NULL THEN RETURN; END IF;
      INSERT INTO "analytics_gate_daily" AS a ("day", "template_id", "gate_id", "model_id", ${withSimulated ? '"simulated", ' : ''}"gate_name", "attempts", "passed",
          "warnings", "failed", "first_attempts", "first_attempt_passed", "tokens_in", "tokens_out", "cost_usd")
        VALUES (at_day, template, g."gate_id", model, ${withSimulated ? 'g."simulated", ' : ''}g."gate_name",
          sign * finished::int,
          sign * (g."status" = 'passed')::int,
          sign * (g."status" = 'warning')::int,
          sign * (g."status" = 'failed')::int,
          sign * (finished AND g."attempt_number" = 1)::int,
          sign * (g."attempt_number" = 1 AND g."status" IN ('passed', 'warning'))::int,
          sign * g."tokens_in", sign * g."tokens_out", sign * g."cost_usd")
        ON CONFLICT ("day", "template_id", "gate_id", "model_id"${withSimulated ? ', "simulated"' : ''}) DO UPDATE SET
          "gate_name" = EXCLUDED."gate_name",
          "attempts" = a."attempts" + EXCLUDED."attempts",
          "passed" = a."passed" + EXCLUDED."passed",
          "warnings" = a."warnings" + EXCLUDED."warnings",
          "failed" = a."failed" + EXCLUDED."failed",
          "first_attempts" = a."first_attempts" + EXCLUDED."first_attempts",
          "first_attempt_passed" = a."first_attempt_passed" + EXCLUDED."first_attempt_passed",
          "tokens_in" = a."tokens_in" + EXCLUDED."tokens_in",
          "tokens_out" = a."tokens_out" + EXCLUDED."tokens_out",
          "cost_usd" = a."cost_usd" + EXCLUDED."cost_usd";
      IF finished AND cardinality(g."fail_codes") > 0 THEN
        INSERT INTO "analytics_fail_code_daily" AS f ("day", "template_id", "gate_id", "model_id", ${withSimulated ? '"simulated", ' : ''}"fail_code", "count")
          SELECT at_day, template, g."gate_id", model, ${withSimulated ? 'g."simulated", ' : ''}code, sign FROM (SELECT DISTINCT unnest(g."fail_codes") AS code) codes
          ON CONFLICT ("day", "template_id", "gate_id", "model_id", ${withSimulated ? '"simulated", ' : ''}"fail_code") DO UPDATE SET "count" = f."count" + EXCLUDED."count";
      END IF;
    END $$`;

const REBUILD = (withSimulated: boolean) => `CREATE OR REPLACE FUNCTION "analytics_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM "analytics_gate_daily";
      DELETE FROM "analytics_fail_code_daily";
      INSERT INTO "analytics_gate_daily" ("day", "template_id", "gate_id", "model_id", ${withSimulated ? '"simulated", ' : ''}"gate_name", "attempts", "passed",
          "warnings", "failed", "first_attempts", "first_attempt_passed", "tokens_in", "tokens_out", "cost_usd")
        SELECT (g."created_at" AT TIME ZONE 'UTC')::date, r."template_id", g."gate_id", coalesce(g."model_id", ''), ${withSimulated ? 'g."simulated", ' : ''}max(g."gate_name"),
          count(*) FILTER (WHERE g."status" IN ('passed', 'warning', 'failed')),
          count(*) FILTER (WHERE g."status" = 'passed'),
          count(*) FILTER (WHERE g."status" = 'warning'),
          count(*) FILTER (WHERE g."status" = 'failed'),
          count(*) FILTER (WHERE g."status" IN ('passed', 'warning', 'failed') AND g."attempt_number" = 1),
          count(*) FILTER (WHERE g."status" IN ('passed', 'warning') AND g."attempt_number" = 1),
          sum(g."tokens_in"), sum(g."tokens_out"), sum(g."cost_usd")
        FROM "gate_executions" g JOIN "runs" r ON r."id" = g."run_id"
        WHERE g."status" IN ('passed', 'warning', 'failed') OR g."cost_usd" <> 0 OR g."tokens_in" <> 0 OR g."tokens_out" <> 0
        GROUP BY 1, 2, 3, 4${withSimulated ? ', 5' : ''};
      INSERT INTO "analytics_fail_code_daily" ("day", "template_id", "gate_id", "model_id", ${withSimulated ? '"simulated", ' : ''}"fail_code", "count")
        SELECT (g."created_at" AT TIME ZONE 'UTC')::date, r."template_id", g."gate_id", coalesce(g."model_id", ''), ${withSimulated ? 'g."simulated", ' : ''}c.code, count(*)
        FROM "gate_executions" g JOIN "runs" r ON r."id" = g."run_id"
          CROSS JOIN LATERAL (SELECT DISTINCT unnest(g."fail_codes") AS code) c
        WHERE g."status" IN ('passed', 'warning', 'failed') AND cardinality(g."fail_codes") > 0
        GROUP BY 1, 2, 3, 4, 5${withSimulated ? ', 6' : ''};
    END $$`;

const UPDATE_TRIGGER = (columns: string[]) => `CREATE TRIGGER "trg_gate_executions_analytics_update"
    AFTER UPDATE OF ${columns.map((c) => `"${c}"`).join(', ')}
    ON "gate_executions" FOR EACH ROW
    WHEN ((${columns.map((c) => `OLD."${c}"`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `NEW."${c}"`).join(', ')}))
    EXECUTE FUNCTION "analytics_track_gate_execution"()`;
const TRACKED = ['status', 'cost_usd', 'tokens_in', 'tokens_out', 'model_id', 'fail_codes', 'gate_id', 'attempt_number', 'run_id'];

const UP = [
  `ALTER TABLE "analytics_gate_daily" ADD "simulated" boolean NOT NULL DEFAULT false`,
  `ALTER TABLE "analytics_gate_daily" DROP CONSTRAINT "pk_analytics_gate_daily"`,
  `ALTER TABLE "analytics_gate_daily" ADD CONSTRAINT "pk_analytics_gate_daily" PRIMARY KEY ("day", "template_id", "gate_id", "model_id", "simulated")`,
  `ALTER TABLE "analytics_fail_code_daily" ADD "simulated" boolean NOT NULL DEFAULT false`,
  `ALTER TABLE "analytics_fail_code_daily" DROP CONSTRAINT "pk_analytics_fail_code_daily"`,
  `ALTER TABLE "analytics_fail_code_daily" ADD CONSTRAINT "pk_analytics_fail_code_daily" PRIMARY KEY ("day", "template_id", "gate_id", "model_id", "simulated", "fail_code")`,
  APPLY(true),
  REBUILD(true),
  `DROP TRIGGER "trg_gate_executions_analytics_update" ON "gate_executions"`,
  UPDATE_TRIGGER([...TRACKED, 'simulated']),
  `ALTER TABLE "runs" ADD "simulated_cost_usd" numeric(20,9) NOT NULL DEFAULT 0`,
  `UPDATE "runs" r SET "simulated_cost_usd" = s.cost FROM (
     SELECT "run_id", sum("cost_usd") AS cost FROM "gate_executions" WHERE "simulated" GROUP BY "run_id"
   ) s WHERE s."run_id" = r."id"`,
  `SELECT "analytics_rebuild"()`,
];

const DOWN = [
  `ALTER TABLE "runs" DROP COLUMN "simulated_cost_usd"`,
  `DROP TRIGGER "trg_gate_executions_analytics_update" ON "gate_executions"`,
  UPDATE_TRIGGER(TRACKED),
  `DELETE FROM "analytics_gate_daily"`,
  `DELETE FROM "analytics_fail_code_daily"`,
  `ALTER TABLE "analytics_gate_daily" DROP CONSTRAINT "pk_analytics_gate_daily"`,
  `ALTER TABLE "analytics_gate_daily" DROP COLUMN "simulated"`,
  `ALTER TABLE "analytics_gate_daily" ADD CONSTRAINT "pk_analytics_gate_daily" PRIMARY KEY ("day", "template_id", "gate_id", "model_id")`,
  `ALTER TABLE "analytics_fail_code_daily" DROP CONSTRAINT "pk_analytics_fail_code_daily"`,
  `ALTER TABLE "analytics_fail_code_daily" DROP COLUMN "simulated"`,
  `ALTER TABLE "analytics_fail_code_daily" ADD CONSTRAINT "pk_analytics_fail_code_daily" PRIMARY KEY ("day", "template_id", "gate_id", "model_id", "fail_code")`,
  APPLY(false),
  REBUILD(false),
  `SELECT "analytics_rebuild"()`,
];
