import { parseContract, type Depth } from '../../core/content/contract-schema';
import type { ContractValidationResult, ValidateOptions } from '../../core/validation/types';
import { validateContract } from '../../core/validation/validate-contract';
import { MemoryWorkspaceReader } from '../../core/validation/workspace-reader';

/** Validates in-memory files against a contract written inline (parsed like a file, so defaults apply). */
export async function validateFiles(
  contract: Record<string, unknown>,
  files: Record<string, string>,
  options: Partial<ValidateOptions> = {},
): Promise<ContractValidationResult> {
  const parsed = parseContract({ gate: 'T1', name: 'Test gate', ...contract }, 'test.contract.json');
  return validateContract(parsed, new MemoryWorkspaceReader(files), { depth: 'standard' as Depth, ...options });
}

/** The rows of one validation type (required_output rows left out). */
export function rowsOf(result: ContractValidationResult, type: string) {
  return result.results.filter((row) => row.type === type);
}

/** Validates a single check and returns its only row plus the outcome. */
export async function checkOne(validation: Record<string, unknown>, files: Record<string, string>, options: Partial<ValidateOptions> = {}, contract: Record<string, unknown> = {}) {
  const result = await validateFiles({ ...contract, validations: [validation] }, files, options);
  const rows = rowsOf(result, String(validation.type));
  if (rows.length !== 1) throw new Error(`expected one ${String(validation.type)} row, got ${rows.length}: ${JSON.stringify(result.results)}`);
  return { row: rows[0], outcome: result.outcome, failCodes: result.failCodes, result };
}
