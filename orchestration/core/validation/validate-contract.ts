import * as nodePath from 'node:path';
import type { GateContract } from '../content/contract-schema';
import { runValidation, type CheckContext } from './checks';
import { PathResolver } from './paths';
import type { CheckResult, ContractValidationResult, GateOutcome, ValidateOptions, ValidatorFailCode } from './types';
import { normalizeWorkspacePath, type WorkspaceReader } from './workspace-reader';
import { WorkspaceView } from './workspace-view';

const PRE_SCRIPTS_SKIPPED = 'pre_scripts run only in the local CLI';

/**
 * Checks a workspace against a gate contract. Rows, in order: pre-scripts, required outputs, then each validation
 * in contract order. Never throws for a bad workspace or a broken validation (those are rows); the outcome is
 * `fail` when an error row failed, `warn` when only warning rows failed, else `pass`.
 */
export async function validateContract(contract: GateContract, workspace: WorkspaceReader, options: ValidateOptions): Promise<ContractValidationResult> {
  const artifactPath = normalizeWorkspacePath(options.artifactPath ?? '');
  const slug = options.slug ?? (artifactPath ? nodePath.posix.basename(artifactPath) : '');
  const view = new WorkspaceView(workspace);
  const anyOfOutputs = contract.required_outputs.any_of.map((output) => output.path);
  const resolver = new PathResolver({ artifactPath, slug, depth: options.depth }, view, anyOfOutputs);
  const context: CheckContext = { contract, depth: options.depth, resolver, view, options };
  const results: CheckResult[] = [];

  for (const script of contract.pre_scripts) {
    // A failing pre-script is a warning and validation goes on (Esy's validator logs it and carries on).
    const base = { type: 'pre_script' as const, target: script.path, severity: 'warning' as const };
    if (!options.runPreScript) {
      results.push({ ...base, passed: true, skipped: true, detail: `skipped: ${options.preScriptsSkippedReason ?? PRE_SCRIPTS_SKIPPED}` });
      continue;
    }
    const outcome = await options.runPreScript({ path: script.path, args: script.args.map((arg) => resolver.expandArgument(arg)) }).catch((error: Error) => ({
      ok: false,
      detail: error.message,
    }));
    results.push(outcome.ok ? { ...base, passed: true, detail: outcome.detail } : { ...base, passed: false, detail: outcome.detail, code: 'VALIDATION_FAILED' });
  }

  results.push(...(await requiredOutputRows(contract, context)));

  for (const validation of contract.validations) {
    try {
      results.push(...(await runValidation(context, validation)));
    } catch (error) {
      // A check that crashes is a defect, but one gate must never take the run down: report it as a failed row.
      results.push({
        type: validation.type,
        target: ('target' in validation && typeof validation.target === 'string' && validation.target) || '',
        passed: false,
        severity: 'error',
        detail: `check could not run: ${(error as Error).message}`,
        code: 'VALIDATION_FAILED',
      });
    }
  }
  return summarize(contract.gate, results);
}

async function requiredOutputRows(contract: GateContract, context: CheckContext): Promise<CheckResult[]> {
  const rows: CheckResult[] = [];
  for (const output of contract.required_outputs.all_of) {
    const expanded = await context.resolver.expand(output.path);
    const base = { type: 'required_output' as const, severity: 'error' as const, ...(output.description ? { description: output.description } : {}) };
    if (!expanded.ok) {
      if (expanded.contract) rows.push({ ...base, target: output.path, passed: false, detail: `contract error: ${expanded.reason}`, code: 'CONTRACT_ERROR' });
      else if (output.required === false) rows.push({ ...base, target: output.path, passed: true, detail: `optional output absent (${expanded.reason})` });
      else rows.push({ ...base, target: output.path, passed: false, detail: expanded.reason, code: 'MISSING_ARTIFACT' });
      continue;
    }
    const exists = await context.view.exists(expanded.path);
    if (exists) rows.push({ ...base, target: expanded.path, passed: true, detail: output.required === false ? 'optional output exists' : 'exists' });
    else if (output.required === false) rows.push({ ...base, target: expanded.path, passed: true, detail: 'optional output absent' });
    else rows.push({ ...base, target: expanded.path, passed: false, detail: `required output not found: ${expanded.path}`, code: 'MISSING_ARTIFACT' });
  }
  const anyOf = contract.required_outputs.any_of;
  if (anyOf.length) {
    const expanded = await Promise.all(anyOf.map((output) => context.resolver.expand(output.path)));
    const target = expanded.map((result, index) => (result.ok ? result.path : anyOf[index].path)).join(' | ');
    const base = { type: 'required_output' as const, severity: 'error' as const, target };
    const broken = expanded.find((result) => !result.ok && result.contract);
    if (broken && !broken.ok) {
      rows.push({ ...base, passed: false, detail: `contract error: ${broken.reason}`, code: 'CONTRACT_ERROR' });
      return rows;
    }
    let found: string | undefined;
    for (const result of expanded) {
      if (result.ok && (await context.view.exists(result.path))) {
        found = result.path;
        break;
      }
    }
    rows.push(
      found
        ? { ...base, passed: true, detail: `one of the alternatives exists: ${found}` }
        : { ...base, passed: false, detail: 'none of the alternatives exists', code: 'MISSING_ARTIFACT' },
    );
  }
  return rows;
}

/** Outcome, fail codes and counts from the rows. Skipped rows count as neither passed nor failed. */
export function summarize(gate: string, results: CheckResult[]): ContractValidationResult {
  const failedErrors = results.filter((result) => !result.passed && result.severity === 'error');
  const failedWarnings = results.filter((result) => !result.passed && result.severity === 'warning');
  const outcome: GateOutcome = failedErrors.length ? 'fail' : failedWarnings.length ? 'warn' : 'pass';
  const failCodes: ValidatorFailCode[] = [];
  for (const result of failedErrors) {
    const code = result.code ?? 'VALIDATION_FAILED';
    if (!failCodes.includes(code)) failCodes.push(code);
  }
  const skipped = results.filter((result) => result.skipped).length;
  return {
    gate,
    outcome,
    failCodes,
    results,
    summary: {
      total: results.length,
      passed: results.filter((result) => result.passed && !result.skipped).length,
      failed: failedErrors.length,
      warnings: failedWarnings.length,
      skipped,
    },
  };
}
