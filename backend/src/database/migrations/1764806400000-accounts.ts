import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts for teams (issue 13): password-reset links, "must change password" after an admin reset, and the
 * append-only audit log (a trigger refuses UPDATE, DELETE and TRUNCATE, so even the application cannot rewrite it).
 */
export class Accounts1764806400000 implements MigrationInterface {
  name = 'Accounts1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "must_change_password" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`CREATE TABLE "password_reset_tokens" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "user_id" uuid NOT NULL,
      "token_hash" text NOT NULL,
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "used_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_password_reset_tokens" PRIMARY KEY ("id")
    )`);
    await queryRunner.query(`CREATE INDEX "idx_password_reset_tokens_user_id" ON "password_reset_tokens"("user_id")`);
    await queryRunner.query(
      `ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "fk_password_reset_tokens_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    await queryRunner.query(`CREATE TABLE "audit_events" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "actor_id" uuid,
      "actor_email" text,
      "action" text NOT NULL,
      "target_type" text,
      "target_id" text,
      "target_label" text,
      "before" jsonb,
      "after" jsonb,
      "ip" text,
      "request_id" text,
      CONSTRAINT "pk_audit_events" PRIMARY KEY ("id")
    )`);
    await queryRunner.query(`CREATE INDEX "idx_audit_events_actor_id" ON "audit_events"("actor_id")`);
    await queryRunner.query(`CREATE INDEX "idx_audit_events_action" ON "audit_events"("action")`);
    await queryRunner.query(`CREATE INDEX "idx_audit_events_target_id" ON "audit_events"("target_id")`);
    await queryRunner.query(`CREATE INDEX "idx_audit_events_created_at_id" ON "audit_events"("created_at", "id")`);
    await queryRunner.query(`CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "trg_audit_events_no_change" BEFORE UPDATE OR DELETE ON "audit_events"
      FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"()`);
    await queryRunner.query(`CREATE TRIGGER "trg_audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
      FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_events"`);
    await queryRunner.query(`DROP FUNCTION "audit_events_append_only"()`);
    await queryRunner.query(`DROP TABLE "password_reset_tokens"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "must_change_password"`);
  }
}
