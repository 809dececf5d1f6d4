/**
 * `npm run bench:routing -- --write-profile`: records token-profile.json, the token use the fast replay prices —
 * the first attempt of every gate in one engine run per bench intent, on the frontier tier, with the scenario's
 * healthy simulator (skipped gates marked). Re-record it whenever the simulator's output or a built-in workflow
 * changes, or the replay's costs drift from the engine bench's.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OrchestrationCatalog } from '../../core/content/loader';
import { MemoryWorkspaceProvider } from '../../core/engine/local/disk-workspace-provider';
import { createLocalEngine } from '../../core/engine/local/local-engine';
import { fixedAdapterResolver } from '../../core/engine/model-resolvers';
import { newRunSnapshot } from '../../core/engine/run-snapshot';
import { BUILT_IN_MODELS } from '../../core/models/catalog';
import { SimulatorAdapter } from '../../core/simulator';
import { INTENTS } from './arms';
import { simulatorProfiles } from './scenario';

export async function writeTokenProfile(catalog: OrchestrationCatalog): Promise<string> {
  const simulator = new SimulatorAdapter({ models: simulatorProfiles(false), seed: '' });
  const engine = createLocalEngine({ catalog, workspaces: new MemoryWorkspaceProvider(), models: fixedAdapterResolver(simulator, BUILT_IN_MODELS), concurrency: INTENTS.length });
  const runs = [];
  for (const [index, [slug, intent]] of INTENTS.entries()) {
    const workflow = catalog.workflows.get(slug)!;
    const run = newRunSnapshot({ ...workflow, gates: workflow.gates.map((gate) => ({ ...gate, tier: 'top' as const })) }, intent, { id: `profile-run-${index}`, budgetUsd: '1000' });
    await engine.start(run);
    runs.push({ id: run.id, workflow: slug });
  }
  await engine.settle();
  const profile = runs.map(({ id, workflow }) => ({
    workflow,
    gates: engine.store
      .fullAttempts(id)
      .filter((attempt) => attempt.attemptNumber === 1)
      .map((attempt) => (attempt.status === 'skipped' ? { gate: attempt.gateId, skipped: true } : { gate: attempt.gateId, tokensIn: attempt.tokensIn, tokensOut: attempt.tokensOut })),
  }));
  const file = join(__dirname, 'token-profile.json');
  writeFileSync(file, `${JSON.stringify(profile, null, 1)}\n`);
  return file;
}
