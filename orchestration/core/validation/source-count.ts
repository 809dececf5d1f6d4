/**
 * How many sources a research file lists. Files are written in different styles, so four heuristics are counted
 * and the best (largest) one wins:
 *   - `h3`:       `### ` headings (one entry per source);
 *   - `urls`:     distinct http(s) URLs;
 *   - `numbered`: lines starting `1.`, `1)` or `[1]` (a numbered bibliography);
 *   - `bulleted`: `-`, `*` or `+` list lines that look like a reference — they hold a URL, a DOI or a year
 *                 (1000–2099), so ordinary note bullets do not count.
 * Fenced code blocks are ignored.
 */
export interface SourceCount {
  count: number;
  heuristic: 'h3' | 'urls' | 'numbered' | 'bulleted';
  counts: { h3: number; urls: number; numbered: number; bulleted: number };
}

const URL_PATTERN = /https?:\/\/[^\s<>"'`)\]]+/g;

export function countSources(text: string): SourceCount {
  const lines = stripCodeFences(text).split(/\r?\n/);
  const h3 = lines.filter((line) => /^\s{0,3}###\s+\S/.test(line)).length;
  const urls = new Set([...stripCodeFences(text).matchAll(URL_PATTERN)].map((match) => match[0].replace(/[.,;:!?]+$/, ''))).size;
  const numbered = lines.filter((line) => /^\s*(?:\d{1,4}[.)]|\[\d{1,4}\])\s+\S/.test(line)).length;
  const bulleted = lines.filter(
    (line) => /^\s*[-*+]\s+\S/.test(line) && (/https?:\/\//.test(line) || /\bdoi\b|10\.\d{4,}\//i.test(line) || /\b(1\d{3}|20\d{2})\b/.test(line)),
  ).length;
  const counts = { h3, urls, numbered, bulleted };
  let best: SourceCount['heuristic'] = 'h3';
  for (const heuristic of ['urls', 'numbered', 'bulleted'] as const) if (counts[heuristic] > counts[best]) best = heuristic;
  return { count: counts[best], heuristic: best, counts };
}

function stripCodeFences(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '');
}

export function describeSourceCount(result: SourceCount): string {
  const { h3, urls, numbered, bulleted } = result.counts;
  return `${h3} ### entries, ${urls} distinct URLs, ${numbered} numbered, ${bulleted} bulleted references`;
}
