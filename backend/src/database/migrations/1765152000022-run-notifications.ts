import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Run notifications: a user's choice to be emailed when a run pauses or finishes, and one row per event mailed so
 * that, with several API processes each seeing every event, exactly one of them sends it.
 */
export class RunNotifications1765152000022 implements MigrationInterface {
  name = 'RunNotifications1765152000022';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD COLUMN "email_run_updates" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`CREATE TABLE "run_notification_emails" (
      "event_id" bigint NOT NULL,
      "user_id" uuid NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_run_notification_emails" PRIMARY KEY ("event_id"),
      CONSTRAINT "fk_run_notification_emails_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "run_notification_emails"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "email_run_updates"`);
  }
}
