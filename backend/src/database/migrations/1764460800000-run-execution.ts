import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Run execution (issue 4): what the engine records on an attempt (trigger, model override, escalation, the reason
 * behind a decided status, who overrode it, the worker's lease, a small validation summary), skipped gates on the
 * run, and `workspace_files` — the run's current files, shared by every worker through PostgreSQL.
 */
export class RunExecution1764460800000 implements MigrationInterface {
  name = 'RunExecution1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const statement of UP) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const statement of DOWN) await queryRunner.query(statement);
  }
}

const UP = [
  `CREATE TABLE "workspace_files" (
    "run_id" uuid NOT NULL,
    "path" text NOT NULL,
    "content" text NOT NULL,
    "sha256" text NOT NULL,
    "size_bytes" integer NOT NULL,
    "content_type" text NOT NULL,
    "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT "pk_workspace_files" PRIMARY KEY ("run_id", "path")
  )`,
  `ALTER TABLE "workspace_files" ADD CONSTRAINT "fk_workspace_files_run_id" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
  // One column for every "why" (skip reason, approval note, condition), so the old skip reasons are kept.
  `ALTER TABLE "gate_executions" RENAME COLUMN "skip_reason" TO "status_reason"`,
  `ALTER TABLE "gate_executions" DROP COLUMN "operator_note"`,
  `ALTER TABLE "gate_executions" DROP COLUMN "error_message"`,
  `ALTER TABLE "gate_executions" ADD "overridden_by" text`,
  `ALTER TABLE "gate_executions" ADD "trigger" text NOT NULL DEFAULT 'initial'`,
  `ALTER TABLE "gate_executions" ADD "model_override" text`,
  `ALTER TABLE "gate_executions" ADD "escalation" integer NOT NULL DEFAULT '0'`,
  `ALTER TABLE "gate_executions" ADD "validation_summary" jsonb`,
  `ALTER TABLE "gate_executions" ADD "worker_id" text`,
  `ALTER TABLE "gate_executions" ADD "lease_expires_at" TIMESTAMP WITH TIME ZONE`,
  `CREATE INDEX "idx_gate_executions_lease_expires_at" ON "gate_executions"("lease_expires_at") WHERE "status" = 'running'`,
  `ALTER TABLE "runs" ADD "skipped_gates" integer NOT NULL DEFAULT '0'`,
  // Appends one event to a run's log. The per-run advisory lock makes a run's ids increase in commit order, and
  // the previous id lets a live subscriber notice a gap (a message it missed) and fill it from the table.
  `CREATE FUNCTION "append_run_event"(p_run_id uuid, p_type text, p_payload jsonb)
    RETURNS TABLE ("id" bigint, "prev_id" bigint, "created_at" TIMESTAMP WITH TIME ZONE)
    LANGUAGE plpgsql AS $$
    DECLARE previous bigint;
    BEGIN
      PERFORM pg_advisory_xact_lock(hashtextextended(p_run_id::text, 7041));
      SELECT max(e."id") INTO previous FROM "run_events" e WHERE e."run_id" = p_run_id;
      RETURN QUERY INSERT INTO "run_events" ("run_id", "type", "payload") VALUES (p_run_id, p_type, p_payload)
        RETURNING "run_events"."id", previous, "run_events"."created_at";
    END $$`,
];

const DOWN = [
  `DROP FUNCTION "append_run_event"(uuid, text, jsonb)`,
  `ALTER TABLE "runs" DROP COLUMN "skipped_gates"`,
  `DROP INDEX "public"."idx_gate_executions_lease_expires_at"`,
  `ALTER TABLE "gate_executions" DROP COLUMN "lease_expires_at"`,
  `ALTER TABLE "gate_executions" DROP COLUMN "worker_id"`,
  `ALTER TABLE "gate_executions" DROP COLUMN "validation_summary"`,
  `ALTER TABLE "gate_executions" DROP COLUMN "escalation"`,
  `ALTER TABLE "gate_executions" DROP COLUMN "model_override"`,
  `ALTER TABLE "gate_executions" DROP COLUMN "trigger"`,
  `ALTER TABLE "gate_executions" DROP COLUMN "overridden_by"`,
  `ALTER TABLE "gate_executions" ADD "error_message" text`,
  `ALTER TABLE "gate_executions" ADD "operator_note" text`,
  `ALTER TABLE "gate_executions" RENAME COLUMN "status_reason" TO "skip_reason"`,
  `DROP TABLE "workspace_files"`,
];
