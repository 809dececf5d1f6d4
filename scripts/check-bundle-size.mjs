#!/usr/bin/env node
// Measures the initial JavaScript of a built Angular app as the browser downloads it (gzip) and fails above a limit.
// Initial = every script and modulepreload the built index.html references; lazy routes are not counted.
//   node scripts/check-bundle-size.mjs dist/user-ui [--max-gzip-kb 250]
// Angular's own budgets (project.json) measure raw bytes; this is the exact gzip check behind them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const [dir, ...rest] = process.argv.slice(2);
const flag = rest.indexOf('--max-gzip-kb');
const maxKb = flag >= 0 ? Number(rest[flag + 1]) : 250;
if (!dir) {
  console.error('usage: node scripts/check-bundle-size.mjs <dist dir> [--max-gzip-kb 250]');
  process.exit(2);
}

let html;
try {
  html = readFileSync(join(dir, 'index.html'), 'utf8');
} catch {
  console.error(`check-bundle-size: ${dir}/index.html not found — build the app first`);
  process.exit(2);
}
const scripts = [...new Set([...html.matchAll(/(?:src|href)="([^"]+\.js)"/g)].map((match) => match[1]))];
let raw = 0;
let gzip = 0;
for (const file of scripts) {
  const bytes = readFileSync(join(dir, file));
  raw += bytes.length;
  gzip += gzipSync(bytes, { level: 9 }).length;
}
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const verdict = gzip <= maxKb * 1000 ? 'ok' : 'TOO BIG';
console.log(`${dir}: initial JavaScript ${kb(raw)} raw, ${kb(gzip)} gzip (${scripts.length} files; limit ${maxKb} kB gzip) ${verdict}`);
process.exit(verdict === 'ok' ? 0 : 1);
