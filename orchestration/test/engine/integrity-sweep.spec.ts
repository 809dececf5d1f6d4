import { loadOrchestration } from '../../core/content/loader';
import { createLocalEngine } from '../../core/engine/local/local-engine';
import { MemoryWorkspaceProvider } from '../../core/engine/local/disk-workspace-provider';
import { fixedAdapterResolver } from '../../core/engine/model-resolvers';
import { newRunSnapshot } from '../../core/engine/run-snapshot';
import { SimulatorAdapter, type SimulatorConfig } from '../../core/simulator';

/**
 * The final integrity sweep: what a gate proved stays proved in the delivered workspace. A later stage that undoes
 * verified work (here: a simulator that strips the figures when G6.6 edits the essay) pauses the run with
 * REGRESSED_AFTER_PASS, naming the gate whose check regressed, the file and the attempt that changed it last.
 */
const catalog = loadOrchestration();
const etymology = catalog.workflows.get('etymology-visual-essay')!;
const intent = { word: 'serendipity', angle: 'etymology', audience: 'general', length: '6min' };

async function runEtymology(id: string, config: SimulatorConfig = {}) {
  const workspaces = new MemoryWorkspaceProvider();
  const engine = createLocalEngine({ catalog, workspaces, models: fixedAdapterResolver(new SimulatorAdapter(config)) });
  const run = newRunSnapshot(etymology, intent, { id, depth: 'quick' });
  await engine.start(run);
  await engine.settle();
  return { engine, run: (await engine.store.getRun(id))!, workspace: await workspaces.forRun(id) };
}

describe('final integrity sweep', () => {
  it('a run whose gates all still hold completes, with the sweep stored on the run', async () => {
    const { run } = await runEtymology('sweep-intact');
    expect(run.status).toBe('completed');
    expect(run.integritySweep).toMatchObject({ outcome: 'intact', regressions: [] });
    const swept = run.integritySweep!.gates.map((gate) => gate.gate_id);
    expect(swept).toEqual(expect.arrayContaining(['G1', 'G5', 'G5.4', 'G9']));
    expect(swept).not.toContain('G6.5'); // skipped by its condition: nothing to re-check
    for (const gate of run.integritySweep!.gates) expect(gate.still_passing).toBeGreaterThan(0);
  }, 120_000);

  it('delivers an essay with at least two figures drawn from the run\'s data that loads nothing from the network', async () => {
    const { run, workspace } = await runEtymology('sweep-delivered');
    expect(run.status).toBe('completed');
    const essay = (await workspace.readFile('essay/index.html'))!;
    expect(essay.match(/<(?:svg|canvas)[\s>]/g)!.length).toBeGreaterThanOrEqual(2);
    expect(essay).toContain('<figure class="visualization">');
    // No script, stylesheet, image or module from the network; bibliography links (<a href>) may point anywhere.
    const { extractAssetReferences, isNetworkUrl } = await import('../../core/validation/local-assets');
    expect(extractAssetReferences(essay).filter((ref) => isNetworkUrl(ref.url))).toEqual([]);
    expect(extractAssetReferences((await workspace.readFile('design/prototype.html'))!).filter((ref) => isNetworkUrl(ref.url))).toEqual([]);
    // Numbered references, cited in the text and anchored in the bibliography.
    expect(essay.match(/href="#ref-\d+"/g)!.length).toBeGreaterThanOrEqual(4);
    expect(essay).toMatch(/<li id="ref-1">/);
    // The timeline plots years the run's own research mentions.
    const years = [...essay.matchAll(/<text[^>]*>(\d{4})<\/text>/g)].map((m) => Number(m[1]));
    expect(years.length).toBeGreaterThanOrEqual(4);
    const research = `${await workspace.readFile('research/SOURCES.md')}\n${await workspace.readFile('research/NOTES.md')}`;
    expect(years.some((year) => research.includes(String(year)))).toBe(true);
  }, 120_000);

  it('a later stage that strips the figures pauses the run with REGRESSED_AFTER_PASS naming the gate, file and attempt', async () => {
    const { run, workspace } = await runEtymology('sweep-regressed', { stripFiguresAt: ['G6.6'] });
    expect(run.status).toBe('paused');
    expect(run.pauseReason).toMatch(/^REGRESSED_AFTER_PASS: G5 Content Complete passed, but its viz_tech_match check on essay\/index\.html fails in the final workspace/);
    expect(run.pauseReason).toContain('last changed by G6.6 (attempt 1) (+3 more regressed checks)');
    expect(run.integritySweep!.outcome).toBe('regressed');
    expect(run.integritySweep!.regressions.map((r) => `${r.gate_id} ${r.check} ${r.file} ← ${r.last_changed_by?.gate_id}#${r.last_changed_by?.attempt_number}`)).toEqual([
      'G5 viz_tech_match essay/index.html ← G6.6#1',
      'G5 min_regex_count essay/index.html ← G6.6#1', // the two drawn figures the delivered essay must keep
      'G5.4 min_regex_count essay/index.html ← G6.6#1',
      'G5.3 viz_tech_match essay/index.html ← G6.6#1',
    ]);
    expect(await workspace.readFile('essay/index.html')).not.toMatch(/<svg|<canvas/);
  }, 120_000);
});
