import type { ExperimentOutputFile, ExperimentOutputSide } from '@esy/api-client';

/** The two sides shown first: the baseline (or the first side) against the first candidate that passed, else the next one. */
export function defaultPair(sides: readonly ExperimentOutputSide[]): [string, string] | null {
  if (sides.length < 2) return null;
  const a = sides.find((s) => s.baseline) ?? sides[0];
  const others = sides.filter((s) => s !== a);
  const b = others.find((s) => s.status === 'passed' || s.status === 'warning') ?? others[0];
  return [a.key, b.key];
}

export interface FilePairing {
  /** Paths both sides wrote, final deliverables (HTML, then Markdown) first, then by path. */
  common: string[];
  onlyA: string[];
  onlyB: string[];
}

const weight = (path: string) => (/\.html?$/i.test(path) ? 0 : /\.(md|markdown)$/i.test(path) ? 1 : 2);

/** Which files can be compared: the same path on both sides. */
export function pairFiles(a: readonly ExperimentOutputFile[], b: readonly ExperimentOutputFile[]): FilePairing {
  const inA = new Set(a.map((f) => f.path));
  const inB = new Set(b.map((f) => f.path));
  const common = [...inA].filter((path) => inB.has(path)).sort((x, y) => weight(x) - weight(y) || x.localeCompare(y));
  return { common, onlyA: [...inA].filter((p) => !inB.has(p)).sort(), onlyB: [...inB].filter((p) => !inA.has(p)).sort() };
}
