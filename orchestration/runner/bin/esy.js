#!/usr/bin/env node
// Runs the compiled CLI (orchestration/dist/esy/, built by `npm ci`). After a source file changed, it is rebuilt
// first (esbuild, well under a second), so the CLI never runs stale code.
const { pathToFileURL } = require('node:url');
const { CLI_ENTRY, ensureCliBuild } = require('../build.cjs');

ensureCliBuild();
import(pathToFileURL(CLI_ENTRY).href);
