import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A minimal valid workflow document (one gate); override any field. */
export function fixtureWorkflow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    workflow: 'demo-essay',
    version: '1.0.0',
    name: 'Demo Essay',
    description: 'A one-gate workflow for tests.',
    type: 'visual-essay',
    depth: 'quick',
    tags: ['demo'],
    what_you_get: ['A brief'],
    estimated_time: '1 min',
    featured: true,
    sort_order: 5,
    artifact_type: 'visual-essay',
    output_formats: ['markdown'],
    modes: ['historical'],
    intent_schema: [{ key: 'word', label: 'Word', type: 'string', required: true }],
    gates: [
      {
        gate: 'G1',
        name: 'Intake',
        phase: 'intake',
        agent: 'intake-orchestrator',
        outputs: ['intake/brief.md'],
        estimates: { input_tokens: 1000, output_tokens: 500 },
      },
    ],
    cost_profile: { budget_usd: '1.00' },
    ...overrides,
  };
}

export interface OrchestrationFixture {
  dir: string;
  /** Writes `workflows/<slug>.json`. */
  writeWorkflow(document: Record<string, unknown>): void;
  /** Writes any file relative to the fixture root. */
  writeFile(relativePath: string, content: string): void;
  remove(): void;
}

/** A throw-away orchestration directory (agent, contract, workflow) to point ORCHESTRATION_DIR at. */
export function createOrchestrationFixture(): OrchestrationFixture {
  const dir = mkdtempSync(join(tmpdir(), 'esy-orchestration-'));
  const writeFile = (relativePath: string, content: string) => {
    const target = join(dir, relativePath);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  };
  writeFile(
    'agents/orchestrators/intake-orchestrator.md',
    [
      '---',
      'slug: intake-orchestrator',
      'name: Intake Orchestrator',
      'category: orchestrators',
      'role: Turns an intent into an approved brief.',
      'tier: mid',
      '---',
      '# Intake Orchestrator',
      '',
      'You receive a structured intent and turn it into a short, precise brief that every later gate can rely on.',
      'State the subject, the angle, the audience and the expected length, and list open questions explicitly.',
      'Write the brief to intake/brief.md and nothing else.',
      '',
    ].join('\n'),
  );
  // The brief is a required output: the workflow's "markdown" promise rests on it.
  writeFile('gates/contracts/G1.contract.json', JSON.stringify({ gate: 'G1', name: 'Intake', required_outputs: { all_of: [{ path: '{artifact_path}/intake/brief.md' }] } }));
  const fixture: OrchestrationFixture = {
    dir,
    writeFile,
    writeWorkflow: (document) => writeFile(`workflows/${document.workflow}.json`, JSON.stringify(document, null, 2)),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  fixture.writeWorkflow(fixtureWorkflow());
  return fixture;
}
