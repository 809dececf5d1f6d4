/**
 * The figures a simulated essay draws: a dated timeline and a usage curve, both from the run's own data (the years
 * its research files mention, with per-run counts), drawn as inline SVG or on a canvas by an inline script. Nothing
 * is fetched, so the delivered essay opens offline and shows its figures.
 */
import type { Rng } from './rng';

export interface FigureData {
  years: number[];
  /** One count per year (uses per million words, as the essay's curve labels it). */
  values: number[];
}

const THIS_YEAR = 2026;

/** Years the run's inputs mention (4-digit, 1300 to this year), else a spread derived from the run's seed. */
export function figureDataFrom(texts: string[], rng: Rng): FigureData {
  const mentioned = new Set<number>();
  for (const text of texts) {
    for (const match of text.matchAll(/\b(1[3-9]\d\d|20[0-2]\d)\b/g)) {
      const year = Number(match[1]);
      if (year <= THIS_YEAR) mentioned.add(year);
    }
  }
  let years = [...mentioned].sort((a, b) => a - b);
  if (years.length > 8) years = Array.from({ length: 8 }, (_, i) => years[Math.round((i * (years.length - 1)) / 7)]);
  if (years.length < 4) {
    const start = rng.int(1520, 1780);
    const step = Math.floor((2020 - start) / 6);
    years = Array.from({ length: 7 }, (_, i) => start + i * step);
  }
  let level = rng.int(1, 6);
  const values = years.map(() => (level = Math.round(level * (1.2 + rng.next() * 0.9) + rng.int(0, 4))));
  return { years: [...new Set(years)], values: values.slice(0, new Set(years).size) };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A horizontal timeline: one dated marker per year, placed to scale. */
export function timelineSvg(data: FigureData, subject: string): string {
  const [first, last] = [data.years[0], data.years[data.years.length - 1]];
  const x = (year: number) => Math.round(40 + ((year - first) / Math.max(1, last - first)) * 560);
  const markers = data.years
    .map((year, i) => `  <g><circle cx="${x(year)}" cy="60" r="7" fill="#8a3b12" /><text x="${x(year)}" y="${i % 2 ? 95 : 38}" text-anchor="middle" font-size="12">${year}</text></g>`)
    .join('\n');
  return [
    `<svg class="timeline" viewBox="0 0 640 120" role="img" aria-label="Timeline of recorded uses of ${escapeXml(subject)}, ${first} to ${last}">`,
    '  <line x1="40" y1="60" x2="600" y2="60" stroke="#444" stroke-width="2" />',
    markers,
    '</svg>',
  ].join('\n');
}

/** The usage curve as an SVG polyline with labelled axes. */
export function curveSvg(data: FigureData): string {
  const max = Math.max(...data.values, 1);
  const step = 560 / Math.max(1, data.values.length - 1);
  const points = data.values.map((value, i) => `${Math.round(40 + i * step)},${Math.round(200 - (value / max) * 160)}`).join(' ');
  return [
    '<svg class="usage-curve" viewBox="0 0 640 230" role="img" aria-label="The measure over time, by year">',
    '  <line x1="40" y1="200" x2="600" y2="200" stroke="#444" /><line x1="40" y1="30" x2="40" y2="200" stroke="#444" />',
    `  <polyline fill="none" stroke="#8a3b12" stroke-width="2.5" points="${points}" />`,
    ...data.years.map((year, i) => `  <text x="${Math.round(40 + i * step)}" y="220" text-anchor="middle" font-size="11">${year}</text>`),
    `  <text x="44" y="26" font-size="11">${max} per million</text>`,
    '</svg>',
  ].join('\n');
}

/** A canvas the page's inline script draws the usage curve on (see `canvasScript`). */
export const CANVAS_ELEMENT = '<canvas id="usage-canvas" width="640" height="230" role="img" aria-label="The measure over time, by year"></canvas>';

export function canvasScript(): string {
  return [
    "const usage = document.getElementById('usage-canvas');",
    "const pen = usage && usage.getContext('2d');",
    'if (pen) {',
    '  const top = Math.max(...FREQUENCY, 1); const step = 560 / Math.max(1, FREQUENCY.length - 1);',
    "  pen.strokeStyle = '#444'; pen.beginPath(); pen.moveTo(40, 30); pen.lineTo(40, 200); pen.lineTo(600, 200); pen.stroke();",
    "  pen.strokeStyle = '#8a3b12'; pen.lineWidth = 2.5; pen.beginPath();",
    '  FREQUENCY.forEach((value, i) => { const px = 40 + i * step; const py = 200 - (value / top) * 160; if (i) pen.lineTo(px, py); else pen.moveTo(px, py); });',
    '  pen.stroke();',
    "  pen.fillStyle = '#1d1d1f'; pen.font = '11px sans-serif'; pen.textAlign = 'center';",
    '  YEARS.forEach((year, i) => pen.fillText(String(year), 40 + i * step, 220));',
    '}',
  ].join('\n');
}

/** The data the page's scripts draw from, as constants. */
export function dataScript(data: FigureData): string {
  return [
    `const YEARS = ${JSON.stringify(data.years)};`,
    `const FREQUENCY = ${JSON.stringify(data.values)};`,
    'const MILESTONES = YEARS;',
    "const ROUTE = { type: 'FeatureCollection', features: [] };",
    "const WORLD = { type: 'Topology', objects: { countries: { type: 'GeometryCollection', geometries: [] } }, arcs: [] };",
  ].join('\n');
}
