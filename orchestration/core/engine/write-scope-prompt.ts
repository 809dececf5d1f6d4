/**
 * What the prompt packet (and the simulator) learn from the write scope: which files the stage may write, and which
 * checks other gates run on those files — an essay written at G5 is later audited for figures, citations and scroll
 * behaviour by gates that may not touch it, so the writer must get it right the first time, and a stage allowed to
 * modify it must keep what earlier gates verified.
 */
import type { ContractValidation, GateContract } from '../content/contract-schema';
import { contractForGate, type OrchestrationCatalog } from '../content/loader';
import { describeValidation } from '../prompt/describe-checks';
import type { PromptPacket } from '../prompt/build-prompt-packet';
import { estimateTokens } from '../prompt/tokens';
import type { WorkflowGateSnapshot } from './ports';
import { scopeAllows, validationFiles, type ScopeVars, type WriteScope } from './write-scope';

/** Checks of every other gate of the workflow that read a file this stage may write. */
export function crossGateChecks(
  catalog: Pick<OrchestrationCatalog, 'contracts'>,
  gates: readonly WorkflowGateSnapshot[],
  gateId: string,
  scope: WriteScope,
  vars: ScopeVars,
): ContractValidation[] {
  const checks: ContractValidation[] = [];
  for (const other of gates) {
    if (other.gate === gateId) continue;
    const contract = contractForGate(catalog, other);
    for (const validation of contract?.validations ?? []) {
      if (validation.type === 'file_exists' || validation.type === 'url_reachable') continue;
      if (validationFiles(validation, vars).some((path) => scopeAllows(scope, path))) checks.push(validation);
    }
  }
  return checks;
}

export function withWriteScope(packet: PromptPacket, scope: WriteScope, crossChecks: readonly ContractValidation[], vars: ScopeVars): PromptPacket {
  const lines = [
    `You may write only: ${[...scope.owned, ...scope.mayModify].join(', ') || 'nothing'}. Any other write_file is refused.`,
    scope.mayModify.length
      ? `Files you may modify were verified by earlier gates: keep everything those checks rely on (figures, sections, references).`
      : '',
  ].filter(Boolean);
  if (crossChecks.length) {
    // file_exists checks are left out of crossChecks, the only kind whose wording needs its own contract.
    const described = [...new Set(crossChecks.map((check) => describeValidation(check, NO_CONTRACT, { artifactPath: '', ...vars })))];
    lines.push('', 'Other gates check these files too, and they must keep passing until the run completes:', ...described.map((text) => `- ${text}`));
  }
  const content = lines.join('\n');
  const title = 'Write scope';
  const tokens = estimateTokens(`## ${title}\n\n${content}`);
  return {
    ...packet,
    user: `${packet.user}\n\n## ${title}\n\n${content}`,
    sections: [...packet.sections, { kind: 'context', title, content, tokens }],
    totalTokens: packet.totalTokens + tokens,
  };
}

const NO_CONTRACT: GateContract = { gate: '', name: '', blocking: true, required_outputs: { all_of: [], any_of: [] }, validations: [], required_skills: [], pre_scripts: [] } as unknown as GateContract;
