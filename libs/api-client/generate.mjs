#!/usr/bin/env node
// Regenerates the typed API client in src/generated (and @esy/sdk's types) from the backend's OpenAPI document.
//   node libs/api-client/generate.mjs            export openapi.json from the backend (when it can), then generate
//   node libs/api-client/generate.mjs --offline  generate from the committed openapi.json as it is
// The generated code is committed, so builds and CI never need a running backend or this step.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const exporter = join(root, 'scripts/openapi-export.mjs');
const offline = process.argv.includes('--offline');

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`api:generate: "${command} ${args.join(' ')}" failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

if (!offline && existsSync(exporter)) {
  run(process.execPath, [exporter]);
} else if (!offline) {
  console.warn('api:generate: scripts/openapi-export.mjs not found; generating from the committed libs/api-client/openapi.json');
}
// The document's `servers` says "same origin" (`/`); ng-openapi-gen would prefix every path with it (`//api/…`),
// so the client is generated from a copy without it and keeps its empty root URL (the apps call /api on their origin).
const document = JSON.parse(readFileSync(join(root, 'libs/api-client/openapi.json'), 'utf8'));
delete document.servers;
const scratch = mkdtempSync(join(tmpdir(), 'esy-api-generate-'));
const input = join(scratch, 'openapi.json');
writeFileSync(input, JSON.stringify(document));
try {
  run(process.execPath, [join(root, 'node_modules/ng-openapi-gen/lib/index.js'), '-c', 'libs/api-client/ng-openapi-gen.json', '--input', input]);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
// @esy/sdk's types come from the same document, so the two never drift apart.
run(process.execPath, [join(root, 'node_modules/openapi-typescript/bin/cli.js'), 'libs/api-client/openapi.json', '-o', 'libs/sdk/src/generated/openapi.ts']);
console.log('api:generate: libs/api-client/src/generated and libs/sdk/src/generated are up to date with libs/api-client/openapi.json');
