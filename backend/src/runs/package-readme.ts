import type { RunVerificationDto } from './dto/run.dto';

/** What a package README needs to say about its run, in plain words. */
export interface PackageReadmeInput {
  displayName: string;
  templateName: string;
  status: string;
  completedAt: string | null;
  verification: RunVerificationDto;
  /** Attempts served by the built-in simulator, and all attempts that ran a model. */
  simulatedAttempts: number;
  modelAttempts: number;
  deliverable: { html: string; markdown: string } | null;
}

const ACTION_WORDS = { approved_by_operator: 'approved by an operator although it did not pass its checks', skipped_by_operator: 'skipped by an operator' };

/** README.md at the top of the package: what it is, whether every step passed on its own, whether it is simulated. */
export function packageReadme(input: PackageReadmeInput): string {
  const lines = [`# ${input.displayName}`, '', `A ${input.templateName} package from the Esy platform.`, ''];
  lines.push('## Verification', '');
  if (input.verification.outcome === 'verified') {
    lines.push('**Verified.** Every step of the workflow passed its checks on its own, and a final sweep re-checked them all against these files.');
  } else if (input.verification.outcome === 'verified_with_overrides') {
    lines.push('**Verified with operator overrides.** Not every step passed its checks on its own; an operator decided instead:', '');
    for (const override of input.verification.overrides) {
      const reason = override.reason ? ` Reason given: “${override.reason}”.` : '';
      lines.push(`- ${override.gate_name} (${override.gate_id}) was ${ACTION_WORDS[override.action]} by ${override.decided_by}.${reason}`);
    }
  } else {
    lines.push(`**Not verified.** The run is ${input.status}, not completed: these files have not passed every check.`);
  }
  lines.push('', '## Simulated or real', '');
  if (input.simulatedAttempts === 0) lines.push('Every step was written by a real AI model.');
  else if (input.simulatedAttempts >= input.modelAttempts) {
    lines.push('**Simulated.** Every step was written by the built-in simulator (no model provider key was configured): the text is placeholder writing, not research.');
  } else {
    lines.push(`**Partly simulated.** ${input.simulatedAttempts} of ${input.modelAttempts} attempts were written by the built-in simulator, not a real model; \`manifest.json\` marks each attempt.`);
  }
  lines.push('', '## What is inside', '');
  if (input.deliverable) lines.push(`- \`${input.deliverable.html}\` — the piece, a self-contained HTML page`, `- \`${input.deliverable.markdown}\` — the same in Markdown`);
  lines.push('- every file the workflow wrote (research, design, audits), as it stands at the end of the run', '- `manifest.json` — sha256 and size of every file, each attempt (simulated or not), the verification and every override');
  return `${lines.join('\n')}\n`;
}
