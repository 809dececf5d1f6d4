import type { CheckResult, ContractValidationResult } from '../../../core/validation/types';

/** ✓ passed · ✗ failed error · ! failed warning · - skipped. */
export function markFor(result: CheckResult): string {
  if (result.skipped) return '-';
  if (result.passed) return '✓';
  return result.severity === 'warning' ? '!' : '✗';
}

/** One line per check, a summary, then the verdict word alone on the last line. */
export function formatHuman(result: ContractValidationResult, context: { contractName: string; dir: string; depth: string }): string {
  const lines = [`${result.gate} ${context.contractName} — ${context.dir} (depth ${context.depth})`];
  for (const row of result.results) {
    const target = row.target ? ` ${row.target}` : '';
    lines.push(`  ${markFor(row)} ${row.type}${target} — ${row.detail.replace(/\s*\n\s*/g, ' ')}`);
  }
  const { passed, failed, warnings, skipped } = result.summary;
  const codes = result.failCodes.length ? ` [${result.failCodes.join(', ')}]` : '';
  lines.push(`${passed} passed, ${failed} failed, ${warnings} warning${warnings === 1 ? '' : 's'}, ${skipped} skipped${codes}`);
  lines.push(result.outcome);
  return `${lines.join('\n')}\n`;
}
