// Jest transformer for the ESM-only packages in node_modules (NestJS 12 ships ESM). Jest on Node 20 cannot
// `require()` ES modules, so these files are compiled to CommonJS with SWC; `import.meta` has no CommonJS
// equivalent, so its uses are rewritten to the file's own URL/path first.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { transformSync, version: swcVersion } = require('@swc/core');

/** Changing this file must invalidate Jest's transform cache. */
const SELF = createHash('sha256').update(readFileSync(__filename)).update(swcVersion).digest('hex');

// `const require = createRequire(import.meta.url)` would shadow CommonJS's own require after compilation.
const SHADOWED_REQUIRE = /^\s*const require = createRequire\(import\.meta\.url\);?\s*$/m;
const IMPORT_META = /\bimport\.meta\.(url|filename|dirname)\b/g;
const REPLACEMENT = {
  url: 'require("node:url").pathToFileURL(__filename).href',
  filename: '__filename',
  dirname: '__dirname',
};

module.exports = {
  getCacheKey(source, filename) {
    return createHash('sha256').update(SELF).update(filename).update(source).digest('hex');
  },

  process(source, filename) {
    const rewritten = source.replace(SHADOWED_REQUIRE, '').replace(IMPORT_META, (_, prop) => REPLACEMENT[prop]);
    const { code, map } = transformSync(rewritten, {
      filename,
      swcrc: false,
      configFile: false,
      sourceMaps: 'inline',
      jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
      module: { type: 'commonjs', ignoreDynamic: false },
    });
    return { code, map };
  },
};
