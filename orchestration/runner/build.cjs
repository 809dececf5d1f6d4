// Compiles the esy CLI into orchestration/dist/esy/ with esbuild: ES modules split so that each command loads only
// what it needs (`esy --help` loads commander and the option lists; the validator, the engine and the model SDKs
// come in with the command that uses them). Packages are bundled too: one file loads faster than hundreds. Run by the root `prepare` script (so
// `npm ci` builds it) and by bin/esy.js whenever a source file is newer than the build.
//   node orchestration/runner/build.cjs
const fs = require('node:fs');
const path = require('node:path');

const ORCHESTRATION = path.resolve(__dirname, '..');
// Two folders below orchestration/, as core/content/ is: the loader finds the built-in content from __dirname.
const OUT = path.join(ORCHESTRATION, 'dist', 'esy');
const CLI_ENTRY = path.join(OUT, 'cli.mjs');
const INPUTS = path.join(OUT, 'inputs.json');

/** Node's CommonJS globals for the ES module chunks (the core reads __dirname; a few packages call require). */
const BANNER = [
  "import { createRequire as __esyRequire } from 'node:module';",
  "import { dirname as __esyDirname } from 'node:path';",
  "import { fileURLToPath as __esyPath } from 'node:url';",
  'const require = __esyRequire(import.meta.url);',
  'const __filename = __esyPath(import.meta.url);',
  'const __dirname = __esyDirname(__filename);',
].join(' ');

function buildCli() {
  const esbuild = require('esbuild');
  const staging = `${OUT}.next-${process.pid}`;
  const result = esbuild.buildSync({
    entryPoints: [path.join(ORCHESTRATION, 'runner', 'src', 'cli.ts')],
    absWorkingDir: ORCHESTRATION,
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: BANNER },
    metafile: true,
    minify: true,
    logLevel: 'warning',
  });
  // Our sources, and the lockfile for the packages bundled in (stat-ing every file of them would cost more).
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes('node_modules'))
    .map((input) => path.resolve(ORCHESTRATION, input))
    .concat(path.join(ORCHESTRATION, '..', 'package-lock.json'));
  fs.writeFileSync(path.join(staging, 'inputs.json'), JSON.stringify(inputs));
  // Swapped in whole, so a CLI starting meanwhile never loads half a build.
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.renameSync(staging, OUT);
}

/** True when the build exists and no source it was made from changed since (a stat per source file: ~1 ms). */
function isFresh() {
  let builtAt;
  let inputs;
  try {
    builtAt = fs.statSync(CLI_ENTRY).mtimeMs;
    inputs = JSON.parse(fs.readFileSync(INPUTS, 'utf8'));
  } catch {
    return false;
  }
  return inputs.every((input) => {
    try {
      return fs.statSync(input).mtimeMs <= builtAt;
    } catch {
      return false; // a source was removed or renamed
    }
  });
}

function ensureCliBuild() {
  if (!isFresh()) buildCli();
}

module.exports = { CLI_ENTRY, buildCli, ensureCliBuild };

if (require.main === module) buildCli();
