import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys (issue 12): the first response to a creating POST sent with `Idempotency-Key`, kept 24 h per
 * user so a retried request returns it instead of creating a second run, key or template.
 */
export class IdempotencyKeys1764892800000 implements MigrationInterface {
  name = 'IdempotencyKeys1764892800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "idempotency_keys" (
      "user_id" uuid NOT NULL,
      "key" text NOT NULL,
      "request_hash" text NOT NULL,
      "status" integer,
      "response_body" jsonb,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_idempotency_keys" PRIMARY KEY ("user_id", "key"),
      CONSTRAINT "fk_idempotency_keys_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
    )`);
    await queryRunner.query(`CREATE INDEX "idx_idempotency_keys_created_at" ON "idempotency_keys"("created_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
