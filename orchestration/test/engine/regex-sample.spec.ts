import { contractRegexFlags } from '../../core/content/regex';
import { sampleForRegex } from '../../core/simulator/regex-sample';
import { Rng } from '../../core/simulator/rng';

// Shapes seen in gate contracts: headings, citations, tables, bold labels, imports, lookaheads, emoji (surrogate pairs).
const PATTERNS = [
  '^## (Summary|Overview)',
  '\\[\\d+\\]',
  '<sup[^>]*>\\s*\\d+\\s*</sup>',
  '^\\s*\\d+\\.\\s+.+https?://',
  '^status:\\s*(approved|complete)$',
  '!\\[.*\\]\\(.*\\)',
  '\\b\\d{4}\\b',
  '<section[^>]*id="[^"]+"',
  '^\\|.*\\|$',
  '^-\\s+\\*\\*[^*]+\\*\\*:',
  '^(?=.*foo).*bar',
  '(\\w+)\\s+\\1',
  "import\\s+.*\\s+from\\s+['\"]d3['\"]",
  '\\uD83C[\\uDF00-\\uDFFF]|\\uD83D[\\uDC00-\\uDEFF]',
  '[A-Z][a-z]+\\s\\d+',
  '^#{2,3}\\s+\\S',
  '^(?!draft).+$',
];

describe('sampleForRegex', () => {
  it.each(PATTERNS)('finds a string /%s/ matches', (source) => {
    const flags = contractRegexFlags(source);
    const sample = sampleForRegex(source, flags, new Rng(source));
    expect(sample).not.toBeNull();
    expect(new RegExp(source, flags.replace('g', '')).test(sample!)).toBe(true);
  });

  it('gives different samples for different seeds (distinct lines for min_regex_count)', () => {
    const samples = new Set(Array.from({ length: 8 }, (_, i) => sampleForRegex('^- \\*\\*\\d{4}\\*\\* — .+', 'gm', new Rng(`seed-${i}`))));
    expect(samples.size).toBeGreaterThan(3);
  });

  it('returns null for an invalid regex instead of throwing', () => {
    expect(sampleForRegex('([a-', 'gm', new Rng(1))).toBeNull();
  });
});
