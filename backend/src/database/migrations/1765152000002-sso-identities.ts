import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Single sign-on (issue 13): which identity-provider account (issuer + subject) belongs to which user. */
export class SsoIdentities1765152000002 implements MigrationInterface {
  name = 'SsoIdentities1765152000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "sso_identities" (
      "issuer" text NOT NULL,
      "subject" text NOT NULL,
      "user_id" uuid NOT NULL,
      "email" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "last_sign_in_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_sso_identities" PRIMARY KEY ("issuer", "subject"),
      CONSTRAINT "fk_sso_identities_user_id" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
    )`);
    await queryRunner.query(`CREATE INDEX "idx_sso_identities_user_id" ON "sso_identities"("user_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sso_identities"`);
  }
}
