import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Content-addressed prompt texts: the agent, profile and skill text that thousands of attempts send is stored once
 * (`prompt_parts`, keyed by sha256) and the attempts' prompt packets refer to it. Packets stored before keep their
 * texts inline; readers accept both.
 */
export class PromptParts1764820800000 implements MigrationInterface {
  name = 'PromptParts1764820800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "prompt_parts" (
      "sha256" text NOT NULL,
      "content" text NOT NULL,
      "size_bytes" integer NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_prompt_parts" PRIMARY KEY ("sha256")
    )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "prompt_parts"`);
  }
}
