import { createHash } from 'node:crypto';
import type { Pg } from '../database/pg';

/** Texts shorter than this stay inline: a reference would save little. */
const MIN_PART_CHARS = 512;
/** Hashes this process knows are stored; past this many the set starts over (a re-sent text is ignored by the insert). */
const KNOWN_LIMIT = 10_000;

/** How a stored packet refers to a text kept in `prompt_parts`. */
export interface PromptPartRef {
  $sha256: string;
}

/**
 * Content-addressed storage of prompt packets. A packet repeats long texts that thousands of attempts share (the
 * agent body, profiles, skills, the system prompt built from them); `compact` replaces every text of at least
 * MIN_PART_CHARS characters by `{ "$sha256": … }` and stores each text once in `prompt_parts`, `expand` puts them
 * back. Texts this process already stored are not sent to the database again. Packets stored inline (before this
 * table existed) pass through `expand` unchanged.
 */
export class PromptParts {
  private readonly known = new Set<string>();

  constructor(private readonly pg: Pg) {}

  /** The packet to store. Joins the caller's unit of work: the texts commit with the attempt that refers to them. */
  async compact(packet: unknown): Promise<unknown> {
    const fresh = new Map<string, string>();
    const compacted = mapTexts(packet, (text) => {
      if (text.length < MIN_PART_CHARS) return text;
      const sha256 = createHash('sha256').update(text).digest('hex');
      if (!this.known.has(sha256)) fresh.set(sha256, text);
      return { $sha256: sha256 } satisfies PromptPartRef;
    });
    if (fresh.size === 0) return compacted;
    // Sorted, so two attempts inserting the same new texts take their key locks in one order (no deadlock).
    const hashes = [...fresh.keys()].sort();
    await this.pg.query(
      {
        name: 'prompt_parts_insert',
        text: `INSERT INTO prompt_parts (sha256, content, size_bytes)
               SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) ON CONFLICT (sha256) DO NOTHING`,
      },
      [hashes, hashes.map((h) => fresh.get(h)), hashes.map((h) => Buffer.byteLength(fresh.get(h)!, 'utf8'))],
    );
    await this.pg.afterCommit(() => this.remember(hashes));
    return compacted;
  }

  /** The packets with every reference replaced by its text (one query for all of them). */
  async expand<T>(packets: T[]): Promise<T[]> {
    const wanted = new Set<string>();
    for (const packet of packets) visitRefs(packet, (sha256) => wanted.add(sha256));
    if (wanted.size === 0) return packets;
    const { rows } = await this.pg.query<{ sha256: string; content: string }>(
      { name: 'prompt_parts_read', text: 'SELECT sha256, content FROM prompt_parts WHERE sha256 = ANY($1::text[])' },
      [[...wanted]],
    );
    const texts = new Map(rows.map((row) => [row.sha256, row.content]));
    return packets.map((packet) => expandRefs(packet, (sha256) => texts.get(sha256) ?? `[prompt text ${sha256} is missing]`) as T);
  }

  private remember(hashes: string[]): void {
    if (this.known.size + hashes.length > KNOWN_LIMIT) this.known.clear();
    for (const sha256 of hashes) this.known.add(sha256);
  }
}

function mapTexts(value: unknown, replace: (text: string) => unknown): unknown {
  if (typeof value === 'string') return replace(value);
  if (Array.isArray(value)) return value.map((item) => mapTexts(item, replace));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapTexts(item, replace)]));
  }
  return value;
}

function refOf(value: unknown): string | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  const sha256 = (value as Partial<PromptPartRef>).$sha256;
  return keys.length === 1 && typeof sha256 === 'string' ? sha256 : null;
}

function visitRefs(value: unknown, visit: (sha256: string) => void): void {
  const ref = refOf(value);
  if (ref) return visit(ref);
  if (Array.isArray(value)) value.forEach((item) => visitRefs(item, visit));
  else if (value && typeof value === 'object') Object.values(value).forEach((item) => visitRefs(item, visit));
}

function expandRefs(value: unknown, textOf: (sha256: string) => string): unknown {
  const ref = refOf(value);
  if (ref) return textOf(ref);
  if (Array.isArray(value)) return value.map((item) => expandRefs(item, textOf));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, expandRefs(item, textOf)]));
  return value;
}
