#!/usr/bin/env node
// Writes the API's OpenAPI document to libs/api-client/openapi.json (or the path given), without a database:
// the document is built from the NestJS module metadata. The Angular API client is generated from that file.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
require('../backend/tools/swc-register.cjs');
const { exportOpenApi } = require('../backend/src/openapi/export-openapi.ts');

const root = new URL('..', import.meta.url).pathname;
const outFile = resolve(root, process.argv[2] ?? 'libs/api-client/openapi.json');

exportOpenApi(outFile).then(
  (document) => {
    const operations = Object.values(document.paths).flatMap((item) => Object.keys(item)).length;
    console.log(`Wrote ${outFile} (${Object.keys(document.paths).length} paths, ${operations} operations).`);
    process.exit(0);
  },
  (error) => {
    console.error(`OpenAPI export failed: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
