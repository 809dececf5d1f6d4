import { parse as parseYaml } from 'yaml';
import type { FrontmatterCheck } from '../content/contract-schema';

type FrontMatter = { ok: true; data: Record<string, unknown> } | { ok: false; reason: string };

/**
 * Parsed front matter by its YAML text. A run's files are validated again at every later gate (its own checks,
 * cross-gate checks, the simulator's claims, the final sweep), mostly unchanged, and YAML parsing was the largest
 * CPU cost of an attempt. Bounded; results are shared, so callers must not modify `data`.
 */
const parsed = new Map<string, FrontMatter>();
const MAX_CACHED = 512;
const MAX_CACHED_CHARS = 16_384;

/** Reads the YAML front matter (`---` first line … `---`) of a file. The returned `data` is shared: read it only. */
export function readFrontMatter(text: string): FrontMatter {
  const source = text.replace(/^\uFEFF/, '');
  const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(source);
  if (!match) {
    if (/^---[ \t]*\r?\n/.test(source)) return { ok: false, reason: 'front matter is not closed (no second --- line)' };
    return { ok: false, reason: 'no front matter (the file must start with a --- line)' };
  }
  const yaml = match[1];
  const cached = parsed.get(yaml);
  if (cached) return cached;
  const result = parseFrontMatter(yaml);
  if (yaml.length <= MAX_CACHED_CHARS) {
    if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value as string); // oldest first
    parsed.set(yaml, result);
  }
  return result;
}

function parseFrontMatter(yaml: string): FrontMatter {
  let data: unknown;
  try {
    data = parseYaml(yaml);
  } catch (error) {
    return { ok: false, reason: `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  if (data === null || data === undefined) return { ok: true, data: {} };
  if (typeof data !== 'object' || Array.isArray(data)) return { ok: false, reason: 'front matter is not a YAML mapping of fields' };
  return { ok: true, data: data as Record<string, unknown> };
}

/** Equality is exact for same-typed values; a number and its string spelling (`8` / `"8"`) are equal. */
function same(actual: unknown, expected: unknown): boolean {
  if (actual === expected) return true;
  if (actual === null || expected === null || typeof actual === 'object') return false;
  return String(actual).trim() === String(expected).trim();
}

function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/**
 * Checks one field. A missing field fails an equality or `min` check, but satisfies `{not: v}` — "must not equal"
 * holds for an absent value, as in Esy's validator. A `min` check needs a number (or a numeric string).
 */
export function checkFrontMatterField(data: Record<string, unknown>, field: string, check: FrontmatterCheck): string | null {
  if (!(field in data) || data[field] === undefined) {
    const onlyNot = check !== null && typeof check === 'object' && check.not !== undefined && check.min === undefined;
    return onlyNot ? null : `${field} is missing`;
  }
  const actual = data[field];
  if (check === null || typeof check !== 'object') {
    return same(actual, check) ? null : `${field} is ${show(actual)}, expected ${show(check)}`;
  }
  if (check.not !== undefined) {
    const forbidden = Array.isArray(check.not) ? check.not : [check.not];
    if (forbidden.some((value) => same(actual, value))) return `${field} is ${show(actual)}, which is not allowed`;
  }
  if (check.min !== undefined) {
    const number = typeof actual === 'number' ? actual : typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : NaN;
    if (!Number.isFinite(number)) return `${field} is ${show(actual)}, expected a number >= ${check.min}`;
    if (number < check.min) return `${field} is ${number}, expected at least ${check.min}`;
  }
  return null;
}
