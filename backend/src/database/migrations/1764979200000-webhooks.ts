import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbound webhooks (issue 12): subscriptions with an encrypted signing secret, and one row per delivery. */
export class Webhooks1764979200000 implements MigrationInterface {
  name = 'Webhooks1764979200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "webhooks" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "user_id" uuid NOT NULL,
      "url" text NOT NULL,
      "events" text[] NOT NULL,
      "description" text,
      "encrypted_secret" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "deleted_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_webhooks" PRIMARY KEY ("id"),
      CONSTRAINT "fk_webhooks_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
    )`);
    await queryRunner.query(`CREATE INDEX "idx_webhooks_user_id" ON "webhooks"("user_id") WHERE "deleted_at" IS NULL`);
    await queryRunner.query(`CREATE TABLE "webhook_deliveries" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "webhook_id" uuid NOT NULL,
      "event_id" text NOT NULL,
      "event_type" text NOT NULL,
      "run_id" uuid,
      "body" text NOT NULL,
      "status" text NOT NULL DEFAULT 'pending',
      "attempts" integer NOT NULL DEFAULT 0,
      "last_status_code" integer,
      "last_error" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "last_attempt_at" TIMESTAMP WITH TIME ZONE,
      "delivered_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_webhook_deliveries" PRIMARY KEY ("id"),
      CONSTRAINT "uq_webhook_deliveries_event" UNIQUE ("webhook_id", "event_id"),
      CONSTRAINT "fk_webhook_deliveries_webhook_id" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE
    )`);
    await queryRunner.query(`CREATE INDEX "idx_webhook_deliveries_webhook_created" ON "webhook_deliveries"("webhook_id", "created_at" DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP TABLE "webhooks"`);
  }
}
