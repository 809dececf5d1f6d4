#!/usr/bin/env node
// The CLI runs straight from TypeScript sources so `npx esy` works right after `npm ci`, with no build step.
require('tsx/cjs/api').register();
require('../src/main.ts');
