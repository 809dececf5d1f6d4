import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Model layer (issue 5):
 * - money columns wide enough for exact token costs: prices have 6 decimals and a cost is tokens / 1000 × price,
 *   so an attempt's cost needs 9 decimals (numeric(14,6) rounded sub-micro-dollar parts away);
 * - provider credential check status (last check, outcome, error);
 * - daily analytics rollups kept current by triggers on `gate_executions`, so the admin analytics read a few
 *   thousand rollup rows instead of scanning millions of attempts. `analytics_rebuild()` recomputes them from
 *   scratch (used here for existing data and by the benchmark's bulk seed).
 */
export class ModelCostsAnalytics1764547200000 implements MigrationInterface {
  name = 'ModelCostsAnalytics1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}

const UP = [
  `ALTER TABLE "gate_executions" ALTER COLUMN "cost_usd" TYPE numeric(20,9)`,
  `ALTER TABLE "runs" ALTER COLUMN "total_cost_usd" TYPE numeric(20,9)`,
  `ALTER TABLE "provider_credentials" ADD "last_checked_at" TIMESTAMP WITH TIME ZONE`,
  `ALTER TABLE "provider_credentials" ADD "last_check_ok" boolean`,
  `ALTER TABLE "provider_credentials" ADD "last_error" text`,
  `CREATE TABLE "analytics_gate_daily" (
    "day" date NOT NULL,
    "template_id" uuid NOT NULL,
    "gate_id" text NOT NULL,
    "model_id" text NOT NULL,
    "gate_name" text NOT NULL DEFAULT '',
    "attempts" integer NOT NULL DEFAULT '0',
    "passed" integer NOT NULL DEFAULT '0',
    "warnings" integer NOT NULL DEFAULT '0',
    "failed" integer NOT NULL DEFAULT '0',
    "first_attempts" integer NOT NULL DEFAULT '0',
    "first_attempt_passed" integer NOT NULL DEFAULT '0',
    "tokens_in" bigint NOT NULL DEFAULT '0',
    "tokens_out" bigint NOT NULL DEFAULT '0',
    "cost_usd" numeric(24,9) NOT NULL DEFAULT '0',
    CONSTRAINT "pk_analytics_gate_daily" PRIMARY KEY ("day", "template_id", "gate_id", "model_id")
  )`,
  `CREATE TABLE "analytics_fail_code_daily" (
    "day" date NOT NULL,
    "template_id" uuid NOT NULL,
    "gate_id" text NOT NULL,
    "model_id" text NOT NULL,
    "fail_code" text NOT NULL,
    "count" integer NOT NULL DEFAULT '0',
    CONSTRAINT "pk_analytics_fail_code_daily" PRIMARY KEY ("day", "template_id", "gate_id", "model_id", "fail_code")
  )`,
  // One attempt's contribution (sign +1 adds it, -1 takes it back). Only finished attempts count as attempts;
  // tokens and cost count whenever recorded. The day is the attempt's creation day in UTC.
  `CREATE FUNCTION "analytics_apply"(g "gate_executions", sign integer) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      finished boolean := g."status" IN ('passed', 'warning', 'failed');
      template uuid;
      -- Not named "day": PL/pgSQL would take the "day" column in ON CONFLICT for this variable (ambiguous).
      at_day date := (g."created_at" AT TIME ZONE 'UTC')::date;
      model text := coalesce(g."model_id", '');
    BEGIN
      IF NOT finished AND g."cost_usd" = 0 AND g."tokens_in" = 0 AND g."tokens_out" = 0 THEN RETURN; END IF;
      SELECT r."template_id" INTO template FROM "runs" r WHERE r."id" = g."run_id";
      IF template IS NULL THEN RETURN; END IF;
      INSERT INTO "analytics_gate_daily" AS a ("day", "template_id", "gate_id", "model_id", "gate_name", "attempts", "passed",
          "warnings", "failed", "first_attempts", "first_attempt_passed", "tokens_in", "tokens_out", "cost_usd")
        VALUES (at_day, template, g."gate_id", model, g."gate_name",
          sign * finished::int,
          sign * (g."status" = 'passed')::int,
          sign * (g."status" = 'warning')::int,
          sign * (g."status" = 'failed')::int,
          sign * (finished AND g."attempt_number" = 1)::int,
          sign * (g."attempt_number" = 1 AND g."status" IN ('passed', 'warning'))::int,
          sign * g."tokens_in", sign * g."tokens_out", sign * g."cost_usd")
        ON CONFLICT ("day", "template_id", "gate_id", "model_id") DO UPDATE SET
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
        INSERT INTO "analytics_fail_code_daily" AS f ("day", "template_id", "gate_id", "model_id", "fail_code", "count")
          SELECT at_day, template, g."gate_id", model, code, sign FROM (SELECT DISTINCT unnest(g."fail_codes") AS code) codes
          ON CONFLICT ("day", "template_id", "gate_id", "model_id", "fail_code") DO UPDATE SET "count" = f."count" + EXCLUDED."count";
      END IF;
    END $$`,
  `CREATE FUNCTION "analytics_track_gate_execution"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM "analytics_apply"(OLD, -1); END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM "analytics_apply"(NEW, 1); END IF;
      RETURN NULL;
    END $$`,
  `CREATE TRIGGER "trg_gate_executions_analytics_insert_delete" AFTER INSERT OR DELETE ON "gate_executions"
    FOR EACH ROW EXECUTE FUNCTION "analytics_track_gate_execution"()`,
  // Lease renewals and prompt packets do not touch the rollups.
  `CREATE TRIGGER "trg_gate_executions_analytics_update"
    AFTER UPDATE OF "status", "cost_usd", "tokens_in", "tokens_out", "model_id", "fail_codes", "gate_id", "attempt_number", "run_id"
    ON "gate_executions" FOR EACH ROW
    WHEN ((OLD."status", OLD."cost_usd", OLD."tokens_in", OLD."tokens_out", OLD."model_id", OLD."fail_codes", OLD."gate_id",
           OLD."attempt_number", OLD."run_id")
      IS DISTINCT FROM (NEW."status", NEW."cost_usd", NEW."tokens_in", NEW."tokens_out", NEW."model_id", NEW."fail_codes",
           NEW."gate_id", NEW."attempt_number", NEW."run_id"))
    EXECUTE FUNCTION "analytics_track_gate_execution"()`,
  `CREATE FUNCTION "analytics_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      DELETE FROM "analytics_gate_daily";
      DELETE FROM "analytics_fail_code_daily";
      INSERT INTO "analytics_gate_daily" ("day", "template_id", "gate_id", "model_id", "gate_name", "attempts", "passed",
          "warnings", "failed", "first_attempts", "first_attempt_passed", "tokens_in", "tokens_out", "cost_usd")
        SELECT (g."created_at" AT TIME ZONE 'UTC')::date, r."template_id", g."gate_id", coalesce(g."model_id", ''), max(g."gate_name"),
          count(*) FILTER (WHERE g."status" IN ('passed', 'warning', 'failed')),
          count(*) FILTER (WHERE g."status" = 'passed'),
          count(*) FILTER (WHERE g."status" = 'warning'),
          count(*) FILTER (WHERE g."status" = 'failed'),
          count(*) FILTER (WHERE g."status" IN ('passed', 'warning', 'failed') AND g."attempt_number" = 1),
          count(*) FILTER (WHERE g."status" IN ('passed', 'warning') AND g."attempt_number" = 1),
          sum(g."tokens_in"), sum(g."tokens_out"), sum(g."cost_usd")
        FROM "gate_executions" g JOIN "runs" r ON r."id" = g."run_id"
        WHERE g."status" IN ('passed', 'warning', 'failed') OR g."cost_usd" <> 0 OR g."tokens_in" <> 0 OR g."tokens_out" <> 0
        GROUP BY 1, 2, 3, 4;
      INSERT INTO "analytics_fail_code_daily" ("day", "template_id", "gate_id", "model_id", "fail_code", "count")
        SELECT (g."created_at" AT TIME ZONE 'UTC')::date, r."template_id", g."gate_id", coalesce(g."model_id", ''), c.code, count(*)
        FROM "gate_executions" g JOIN "runs" r ON r."id" = g."run_id"
          CROSS JOIN LATERAL (SELECT DISTINCT unnest(g."fail_codes") AS code) c
        WHERE g."status" IN ('passed', 'warning', 'failed') AND cardinality(g."fail_codes") > 0
        GROUP BY 1, 2, 3, 4, 5;
    END $$`,
  `SELECT "analytics_rebuild"()`,
];

const DOWN = [
  `DROP TRIGGER "trg_gate_executions_analytics_update" ON "gate_executions"`,
  `DROP TRIGGER "trg_gate_executions_analytics_insert_delete" ON "gate_executions"`,
  `DROP FUNCTION "analytics_rebuild"()`,
  `DROP FUNCTION "analytics_track_gate_execution"()`,
  `DROP FUNCTION "analytics_apply"("gate_executions", integer)`,
  `DROP TABLE "analytics_fail_code_daily"`,
  `DROP TABLE "analytics_gate_daily"`,
  `ALTER TABLE "provider_credentials" DROP COLUMN "last_error"`,
  `ALTER TABLE "provider_credentials" DROP COLUMN "last_check_ok"`,
  `ALTER TABLE "provider_credentials" DROP COLUMN "last_checked_at"`,
  `ALTER TABLE "runs" ALTER COLUMN "total_cost_usd" TYPE numeric(14,6)`,
  `ALTER TABLE "gate_executions" ALTER COLUMN "cost_usd" TYPE numeric(14,6)`,
];
