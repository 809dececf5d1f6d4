#!/usr/bin/env node
// Summarises a V8 .cpuprofile (node --cpu-prof): top functions by self time, and self time by package / source
// folder, so a worker profile taken during `npm run bench:runs` says where its CPU goes without a viewer.
//
//   node backend/tools/cpu-profile-top.mjs <file.cpuprofile> [--top 40] [--last 20]
//   --last S: only the profile's last S seconds (leaves out start-up: module loading, compiling)
import { readFileSync } from 'node:fs';

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: cpu-profile-top.mjs <file.cpuprofile> [--top N]');
  process.exit(2);
}
const option = (name) => (rest.includes(name) ? Number(rest[rest.indexOf(name) + 1]) : undefined);
const top = option('--top') || 40;
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const from = option('--last') === undefined ? -Infinity : profile.endTime - option('--last') * 1e6;
const selfUs = new Map();
let at = profile.startTime;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  if (at >= from) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});

const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const fns = new Map();
const places = new Map();
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const where = url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '');
  const key = `${functionName || '(anonymous)'}  ${where}:${lineNumber + 1}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
  places.set(placeOf(where, functionName), (places.get(placeOf(where, functionName)) ?? 0) + us);
}
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms`;
console.log(`total sampled ${(total / 1000).toFixed(0)} ms\n\nself time by place:`);
for (const [key, us] of [...places].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${pct(us)}  ${key}`);
console.log(`\ntop ${top} functions by self time:`);
for (const [key, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${pct(us)}  ${key}`);

/** node_modules package, our source folder, or the V8 pseudo-frame ((garbage collector), (program), …). */
function placeOf(where, name) {
  if (!where) return name.startsWith('(') ? name : '(native/builtin)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where);
  if (pkg) return `npm:${pkg[1]}`;
  if (where.startsWith('node:')) return where;
  const parts = where.split('/');
  return parts.slice(0, Math.min(3, parts.length - 1)).join('/');
}
