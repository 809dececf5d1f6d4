import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One text of a prompt packet (an agent's system prompt, a section such as the agent body, a profile or a skill),
 * stored once by its sha256 however many attempts sent it. `gate_executions.prompt_packet` refers to it as
 * `{ "$sha256": "<hash>" }` (see engine/prompt-parts.ts).
 */
@Entity('prompt_parts')
export class PromptPart {
  @PrimaryColumn('text')
  sha256: string;

  @Column('text')
  content: string;

  @Column('integer')
  sizeBytes: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
