/**
 * Produces a string that a contract regex matches, so the simulator can satisfy `regex_match` and
 * `min_regex_count` checks. Parses the common JavaScript regex syntax (alternation, groups, classes, escapes,
 * quantifiers, back-references), generates a candidate and keeps it only if the real RegExp agrees.
 */
import type { Rng } from './rng';

type Node =
  | { kind: 'alt'; options: Node[] }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'char'; value: string }
  | { kind: 'class'; negated: boolean; ranges: Array<[number, number]>; escapes: string[] }
  | { kind: 'any' }
  | { kind: 'escape'; value: string }
  | { kind: 'empty' }
  | { kind: 'group'; index: number | null; body: Node }
  | { kind: 'look'; body: Node; negative: boolean }
  | { kind: 'backref'; index: number }
  | { kind: 'repeat'; body: Node; min: number; max: number };

class Parser {
  private pos = 0;
  private groupCount = 0;
  constructor(private readonly source: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.pos < this.source.length) throw new Error(`unexpected "${this.source[this.pos]}"`);
    return node;
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0] : { kind: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.pos < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      let atom = this.atom();
      atom = this.quantified(atom);
      items.push(atom);
    }
    return { kind: 'seq', items };
  }

  private quantified(atom: Node): Node {
    const char = this.peek();
    let min: number;
    let max: number;
    if (char === '*') [min, max] = [0, Infinity];
    else if (char === '+') [min, max] = [1, Infinity];
    else if (char === '?') [min, max] = [0, 1];
    else if (char === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.pos));
      if (!match) return atom;
      min = Number(match[1]);
      max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
      this.pos += match[0].length - 1;
    } else return atom;
    this.pos++;
    if (this.peek() === '?') this.pos++; // lazy: same language
    return { kind: 'repeat', body: atom, min, max };
  }

  private atom(): Node {
    const char = this.source[this.pos++];
    switch (char) {
      case '(':
        return this.group();
      case '[':
        return this.characterClass();
      case '.':
        return { kind: 'any' };
      case '^':
      case '$':
        return { kind: 'empty' };
      case '\\':
        return this.escape(false) as Node;
      default:
        return { kind: 'char', value: char };
    }
  }

  private group(): Node {
    let index: number | null = null;
    let look = false;
    let negative = false;
    if (this.source.startsWith('?:', this.pos)) this.pos += 2;
    else if (this.source.startsWith('?=', this.pos) || this.source.startsWith('?!', this.pos)) {
      negative = this.source[this.pos + 1] === '!';
      this.pos += 2;
      look = true;
    } else if (this.source.startsWith('?<=', this.pos) || this.source.startsWith('?<!', this.pos)) {
      this.pos += 3;
      look = true;
      negative = true; // lookbehind: write nothing for it and let the real RegExp judge
    } else if (this.source.startsWith('?<', this.pos)) {
      const end = this.source.indexOf('>', this.pos);
      this.pos = end + 1;
      index = ++this.groupCount;
    } else index = ++this.groupCount;
    const body = this.alternation();
    if (this.source[this.pos] !== ')') throw new Error('unclosed group');
    this.pos++;
    return look ? { kind: 'look', body, negative } : { kind: 'group', index, body };
  }

  private characterClass(): Node {
    const node: Extract<Node, { kind: 'class' }> = { kind: 'class', negated: false, ranges: [], escapes: [] };
    if (this.peek() === '^') {
      node.negated = true;
      this.pos++;
    }
    let first = true;
    while (this.pos < this.source.length && (this.peek() !== ']' || first)) {
      first = false;
      const start = this.classAtom(node);
      if (start === null) continue;
      if (this.peek() === '-' && this.source[this.pos + 1] !== ']' && this.pos + 1 < this.source.length) {
        this.pos++;
        const end = this.classAtom(node);
        if (end === null) {
          node.ranges.push([start, start], ['-'.codePointAt(0)!, '-'.codePointAt(0)!]);
          continue;
        }
        node.ranges.push([start, end]);
      } else node.ranges.push([start, start]);
    }
    this.pos++; // ]
    return node;
  }

  /** A code point, or null when the atom was a class escape (\d, \w …) recorded on the node. */
  private classAtom(node: Extract<Node, { kind: 'class' }>): number | null {
    const char = this.source[this.pos++];
    if (char !== '\\') return char.codePointAt(0)!;
    const escaped = this.escape(true);
    if (escaped.kind === 'escape') {
      node.escapes.push(escaped.value);
      return null;
    }
    if (escaped.kind === 'char') return escaped.value.codePointAt(0)!;
    return null;
  }

  private escape(inClass: boolean): Node {
    const char = this.source[this.pos++];
    if ('dDwWsS'.includes(char)) return { kind: 'escape', value: char };
    if (char === 'b') return inClass ? { kind: 'char', value: '\b' } : { kind: 'empty' };
    if (char === 'B') return { kind: 'empty' };
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', '0': '\0' };
    if (char in simple) return { kind: 'char', value: simple[char] };
    if (char === 'x') {
      const hex = this.source.slice(this.pos, this.pos + 2);
      this.pos += 2;
      return { kind: 'char', value: String.fromCodePoint(parseInt(hex, 16)) };
    }
    if (char === 'u') {
      if (this.peek() === '{') {
        const end = this.source.indexOf('}', this.pos);
        const hex = this.source.slice(this.pos + 1, end);
        this.pos = end + 1;
        return { kind: 'char', value: String.fromCodePoint(parseInt(hex, 16)) };
      }
      const hex = this.source.slice(this.pos, this.pos + 4);
      this.pos += 4;
      return { kind: 'char', value: String.fromCodePoint(parseInt(hex, 16)) };
    }
    if (char === 'p' || char === 'P') {
      const end = this.source.indexOf('}', this.pos);
      const property = this.source.slice(this.pos + 1, end);
      this.pos = end + 1;
      if (char === 'P') return { kind: 'char', value: ' ' };
      if (/^(Lu|Uppercase_Letter)$/.test(property)) return { kind: 'char', value: 'A' };
      if (/^(N|Nd|Number|Decimal_Number)$/.test(property)) return { kind: 'char', value: '7' };
      if (/Emoji|Extended_Pictographic/.test(property)) return { kind: 'char', value: '✨' };
      return { kind: 'char', value: 'a' };
    }
    if (char === 'k') {
      const end = this.source.indexOf('>', this.pos);
      this.pos = end + 1;
      return { kind: 'empty' };
    }
    if (char === 'c') {
      this.pos++;
      return { kind: 'empty' };
    }
    if (/[1-9]/.test(char) && !inClass) {
      let digits = char;
      while (/\d/.test(this.peek() ?? '')) digits += this.source[this.pos++];
      return { kind: 'backref', index: Number(digits) };
    }
    return { kind: 'char', value: char };
  }

  private peek(): string | undefined {
    return this.source[this.pos];
  }
}

const CLASS_SAMPLES: Record<string, string[]> = {
  d: ['1', '2', '3', '4', '5', '7', '8', '9'],
  D: ['a', 'x', '-'],
  w: ['a', 'e', 'r', 's', 't', 'n', 'o'],
  W: [' ', '-', '.'],
  s: [' '],
  S: ['a', 'x', '1'],
};
const PHRASES = [
  'first recorded use in print',
  'meaning broadens in popular writing',
  'entry added to a major dictionary',
  'adopted by newspapers and essayists',
  'usage peaks in the corpus',
  'borrowed into neighbouring languages',
];
const NEGATED_CANDIDATES = ['a', 'e', 't', 'x', 'Z', '5', ' ', '-', '.', ',', '_', 'é'];

function inClass(node: Extract<Node, { kind: 'class' }>, char: string): boolean {
  const code = char.codePointAt(0)!;
  if (node.ranges.some(([a, b]) => code >= a && code <= b)) return true;
  return node.escapes.some((e) => new RegExp(`\\${e}`).test(char));
}

function generate(node: Node, rng: Rng, groups: string[]): string {
  switch (node.kind) {
    case 'alt':
      return generate(rng.pick(node.options), rng, groups);
    case 'seq':
      return node.items.map((item) => generate(item, rng, groups)).join('');
    case 'char':
      return node.value;
    case 'any':
      return rng.pick(['x', 'a', 'e', '1']);
    case 'empty':
      return '';
    case 'look':
      // A positive lookahead such as (?=.*word) is most often satisfied by writing what it looks for.
      return node.negative ? '' : generate(node.body, rng, groups);
    case 'escape':
      return rng.pick(CLASS_SAMPLES[node.value] ?? ['x']);
    case 'backref':
      return groups[node.index] ?? '';
    case 'group': {
      const text = generate(node.body, rng, groups);
      if (node.index !== null) groups[node.index] = text;
      return text;
    }
    case 'repeat': {
      // Readable choices where the pattern allows: a phrase for `.+`, a year for `\d{4}`.
      if (node.body.kind === 'any' && node.max >= 12) return rng.pick(PHRASES);
      if (node.body.kind === 'escape' && node.body.value === 'd' && node.min <= 4 && node.max >= 4) return String(rng.int(1700, 2024));
      if (node.body.kind === 'class' && node.body.negated && node.min === 0 && !inClass(node.body, ' ')) return ' ';
      const ceiling = Math.min(node.max, node.min + 2);
      let count: number;
      if (node.min === 0) count = ceiling >= 1 && rng.next() < 0.75 ? 1 : 0;
      else count = node.min + rng.int(0, ceiling - node.min);
      let out = '';
      for (let i = 0; i < count; i++) out += generate(node.body, rng, groups);
      return out;
    }
    case 'class': {
      if (node.negated) return NEGATED_CANDIDATES.find((c) => !inClass(node, c)) ?? '~';
      const options: string[] = [];
      for (const escape of node.escapes) options.push(...(CLASS_SAMPLES[escape] ?? []));
      for (const [a, b] of node.ranges) {
        const span = b - a;
        options.push(String.fromCodePoint(a + (span > 0 ? rng.int(0, Math.min(span, 25)) : 0)));
      }
      return options.length ? rng.pick(options) : 'x';
    }
  }
}

/**
 * A single-line sample the regex (compiled with `flags`) matches, or null when none was found. Different `rng`
 * states give different samples, so several calls make distinct lines for `min_regex_count`.
 */
export function sampleForRegex(source: string, flags: string, rng: Rng, tries = 40): string | null {
  let ast: Node;
  let regex: RegExp;
  try {
    regex = new RegExp(source, flags.replace('g', ''));
    ast = new Parser(source).parse();
  } catch {
    return null;
  }
  for (let i = 0; i < tries; i++) {
    const candidate = generate(ast, rng, []);
    if (candidate.trim() !== '' && regex.test(candidate)) return candidate;
  }
  return null;
}
