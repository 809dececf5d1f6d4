import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import * as nodePath from 'node:path';
import { type Depth, type GateContract, safeParseContract } from '../../../core/content/contract-schema';
import { ORCHESTRATION_ROOT } from '../../../core/content/loader';
import { formatIssue } from '../../../core/content/parse-issues';
import type { ContractValidationResult, PreScriptRunner } from '../../../core/validation/types';
import { validateContract } from '../../../core/validation/validate-contract';
import { DiskWorkspaceReader } from '../../../core/validation/workspace-reader';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from '../exit-codes';
import { formatHuman } from './validate-output';

export interface ValidateCliOptions {
  contract: string;
  dir: string;
  slug?: string;
  depth: string;
  root?: string;
  network: boolean;
  scripts: boolean;
  json?: boolean;
  urlTimeout: string;
  scriptTimeout: string;
}


interface Writer {
  write(text: string): unknown;
}

/** The command's whole behaviour, returning the exit code (the program wrapper sets it). */
export async function runValidate(options: ValidateCliOptions, out: Writer, err: Writer): Promise<number> {
  try {
    const root = nodePath.resolve(options.root ?? process.cwd());
    const dir = nodePath.resolve(options.dir);
    requireDirectory(root, '--root');
    requireDirectory(dir, '--dir');
    const { contract, file } = loadContract(options.contract);
    const urlTimeoutMs = positiveInteger(options.urlTimeout, '--url-timeout');
    const scriptTimeoutMs = positiveInteger(options.scriptTimeout, '--script-timeout');
    const artifactPath = nodePath.relative(root, dir).split(nodePath.sep).join('/');
    const result = await validateContract(contract, new DiskWorkspaceReader(root), {
      depth: options.depth as Depth,
      slug: options.slug ?? nodePath.basename(dir),
      artifactPath,
      network: options.network,
      urlTimeoutMs,
      runPreScript: options.scripts ? preScriptRunner(root, scriptTimeoutMs) : undefined,
      preScriptsSkippedReason: options.scripts ? undefined : 'pre_scripts are off (--no-scripts)',
    });
    const code = exitCodeFor(result);
    relativeToDir(result, artifactPath);
    if (options.json) {
      out.write(`${JSON.stringify({ contract: file, dir, root, depth: options.depth, ...result }, null, 2)}\n`);
    } else {
      out.write(formatHuman(result, { contractName: contract.name ?? contract.gate, dir, depth: options.depth }));
      if (code === EXIT_USAGE) err.write('esy: the contract has errors (rows marked "contract error"); fix the contract and run again\n');
    }
    return code;
  } catch (error) {
    if (error instanceof UsageError) {
      err.write(`esy: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

/** A contract error makes the verdict meaningless: exit 2 like any other broken contract. */
export function exitCodeFor(result: ContractValidationResult): number {
  if (result.failCodes.includes('CONTRACT_ERROR')) return EXIT_USAGE;
  return result.outcome === 'fail' ? EXIT_FAILED : EXIT_OK;
}

/**
 * The validator reports paths relative to --root; people think in terms of --dir, so paths inside it are shown
 * relative to it (`research/CITATIONS.md`), and paths outside stay relative to --root.
 */
function relativeToDir(result: ContractValidationResult, artifactPath: string): void {
  if (!artifactPath) return;
  const prefix = `${artifactPath}/`;
  const strip = (text: string) => text.split(prefix).join('');
  for (const row of result.results) {
    row.target = row.target === artifactPath ? '.' : strip(row.target);
    row.detail = strip(row.detail);
  }
}

function requireDirectory(path: string, flag: string): void {
  if (!existsSync(path)) throw new UsageError(`${flag} ${path} does not exist`);
  if (!statSync(path).isDirectory()) throw new UsageError(`${flag} ${path} is not a directory`);
}

function positiveInteger(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new UsageError(`${flag} must be a positive whole number of milliseconds, got "${value}"`);
  return number;
}

const GATE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** `--contract`: an existing file, else a built-in gate id (`G2` → orchestration/gates/contracts/G2.contract.json). */
export function loadContract(reference: string): { contract: GateContract; file: string } {
  let file = nodePath.resolve(reference);
  if (!existsSync(file)) {
    const builtIn = nodePath.join(ORCHESTRATION_ROOT, 'gates', 'contracts', `${reference}.contract.json`);
    if (!GATE_ID.test(reference) || !existsSync(builtIn)) {
      throw new UsageError(`--contract "${reference}" is neither a contract file nor a built-in gate id (see orchestration/gates/contracts/)`);
    }
    file = builtIn;
  }
  if (!statSync(file).isFile()) throw new UsageError(`--contract ${file} is not a file`);
  const parsed = safeParseContract(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new UsageError(`invalid contract:\n${parsed.issues.map((issue) => `  ${formatIssue(issue)}`).join('\n')}`);
  return { contract: parsed.value, file };
}

/** Pre-scripts run with node, cwd = root, arguments already substituted; a non-zero exit fails the row. */
function preScriptRunner(root: string, timeoutMs: number): PreScriptRunner {
  return (script) =>
    new Promise((resolve) => {
      const path = nodePath.resolve(root, script.path);
      if (!existsSync(path)) {
        resolve({ ok: false, detail: `script not found: ${script.path} (relative to ${root})` });
        return;
      }
      execFile(process.execPath, [path, ...script.args], { cwd: root, timeout: timeoutMs, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
        const tail = lastLine(`${stderr}`) || lastLine(`${stdout}`);
        if (!error) resolve({ ok: true, detail: `ran ${script.path}${tail ? `: ${tail}` : ''}` });
        else if ((error as { killed?: boolean }).killed) resolve({ ok: false, detail: `${script.path} timed out after ${timeoutMs} ms` });
        else resolve({ ok: false, detail: `${script.path} exited with code ${error.code ?? '?'}${tail ? `: ${tail}` : ''}` });
      });
    });
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return (lines[lines.length - 1] ?? '').slice(0, 200);
}
