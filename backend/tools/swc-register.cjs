// Lets plain `node` run the backend's TypeScript sources without a build (scripts, `serve`, tests that spawn the
// app): `.ts` files are compiled in memory by SWC with the workspace settings (decorator metadata for NestJS DI)
// and `@esy/orchestration` resolves to orchestration/core. Usage: `node -r ./backend/tools/swc-register.cjs file.ts`.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;

const ALIASES = { '@esy/orchestration': path.join(root, 'orchestration', 'core', 'index.ts') };

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveWithAliases(request, ...rest) {
  return originalResolve.call(this, ALIASES[request] ?? request, ...rest);
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  if (filename.includes(`${path.sep}node_modules${path.sep}`)) {
    throw new Error(`Refusing to compile TypeScript inside node_modules: ${filename}`);
  }
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    ...swcrc,
    swcrc: false,
    configFile: false,
    filename,
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};

// Stack traces point at the TypeScript lines.
process.setSourceMapsEnabled?.(true);
