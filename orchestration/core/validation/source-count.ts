/**
 * How many sources a research file lists, as Esy's validator counts them: four counts, and the largest wins, since
 * files are written in different styles:
 *   - `headings`: `### ` headings, except section titles (Primary, Secondary, Tertiary, Tier N, Notes, References,
 *                 Bibliography, Sources, Overview) — one heading per source, e.g. `### [S01] Oxford English Dictionary`;
 *   - `urls`:     distinct http(s) URLs;
 *   - `fields`:   `- **URL**:`, `- **Source**:` or `- **Reference**:` entries;
 *   - `bullets`:  top-level `- ` bullets at least 11 characters long (shorter ones are labels, not sources).
 */
export interface SourceCount {
  count: number;
  heuristic: 'headings' | 'urls' | 'fields' | 'bullets';
  counts: { headings: number; urls: number; fields: number; bullets: number };
}

const URL_PATTERN = /https?:\/\/[^\s<>"'`)\]]+/g;
const SECTION_TITLE = /^(primary|secondary|tertiary|tier\s*\d+|notes|references|bibliography|sources|overview)\b/i;

export function countSources(text: string): SourceCount {
  const lines = text.split(/\r?\n/);
  const headings = lines
    .map((line) => /^###\s+(.*\S)/.exec(line)?.[1])
    .filter((title): title is string => title !== undefined && !SECTION_TITLE.test(title.replace(/^[*_\s]+/, ''))).length;
  const urls = new Set([...text.matchAll(URL_PATTERN)].map((match) => match[0].replace(/[.,;:!?]+$/, ''))).size;
  const fields = lines.filter((line) => /^\s*-\s+\*\*(URL|Source|Reference)\*\*:/.test(line)).length;
  const bullets = lines.filter((line) => line.startsWith('- ') && line.trimEnd().length >= 11).length;
  const counts = { headings, urls, fields, bullets };
  let best: SourceCount['heuristic'] = 'headings';
  for (const heuristic of ['urls', 'fields', 'bullets'] as const) if (counts[heuristic] > counts[best]) best = heuristic;
  return { count: counts[best], heuristic: best, counts };
}

export function describeSourceCount(result: SourceCount): string {
  const { headings, urls, fields, bullets } = result.counts;
  return `${headings} ### source headings, ${urls} distinct URLs, ${fields} URL/Source/Reference fields, ${bullets} top-level bullets`;
}
