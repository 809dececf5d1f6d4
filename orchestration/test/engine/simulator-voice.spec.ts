import { loadOrchestration } from '../../core/content/loader';
import { createLocalEngine } from '../../core/engine/local/local-engine';
import { MemoryWorkspaceProvider } from '../../core/engine/local/disk-workspace-provider';
import { fixedAdapterResolver } from '../../core/engine/model-resolvers';
import { newRunSnapshot } from '../../core/engine/run-snapshot';
import { SimulatorAdapter } from '../../core/simulator';
import { topicPhrase } from '../../core/simulator/prose';

/**
 * The simulator writes for the workflow: a research brief argues its question with studies, an idea explainer
 * explains with explanations, an etymology essay traces the word in dictionaries — each run's text deterministic.
 */
const catalog = loadOrchestration();

async function simulate(workflowId: string, intent: Record<string, unknown>, id: string) {
  const workspaces = new MemoryWorkspaceProvider();
  const engine = createLocalEngine({ catalog, workspaces, models: fixedAdapterResolver(new SimulatorAdapter({})) });
  await engine.start(newRunSnapshot(catalog.workflows.get(workflowId)!, intent, { id, depth: 'quick' }));
  await engine.settle();
  return { run: (await engine.store.getRun(id))!, files: (await workspaces.forRun(id)).snapshot() };
}

const QUESTION = 'Does intermittent fasting improve long-term health outcomes?';
const ETYMOLOGY_FILLER = /older and stranger|quiet history|attestations|borrowing/;

describe('simulator voice per workflow', () => {
  it('a research brief argues its question from dated studies, with none of the etymology voice', async () => {
    const { run, files } = await simulate('research-brief', { topic: QUESTION, audience: 'general', mode: 'conceptual' }, 'voice-brief');
    expect(run.status).toBe('completed');
    const brief = files['brief/BRIEF.md'];
    expect(brief).toContain(QUESTION);
    expect(brief).toMatch(/evidence|trials?|cohort|systematic review/i);
    expect(brief).not.toMatch(ETYMOLOGY_FILLER);
    const sources = files['research/SOURCES.md'];
    expect(sources).toMatch(/https:\/\/doi\.org\/10\.\d{4,5}\//);
    expect(sources).toContain('intermittent fasting');
    expect(sources).not.toMatch(/Dictionary|Wiktionary|Etymology/);
    const years = [...sources.matchAll(/\((\d{4})\)/g)].map((m) => Number(m[1]));
    expect(years.length).toBeGreaterThanOrEqual(3);
    for (const year of years) expect(year).toBeGreaterThanOrEqual(2006);
    for (const year of years) expect(year).toBeLessThanOrEqual(2025);
  }, 120_000);

  it('an idea explainer explains; an etymology essay traces the word', async () => {
    const idea = await simulate('conceptual-visual-essay', { concept: 'regression to the mean', audience: 'general', length: '6min', mode: 'conceptual' }, 'voice-idea');
    const ideaEssay = idea.files['essay/ESSAY.md'];
    expect(ideaEssay).toMatch(/example|mechanism|intuition|the idea/i);
    expect(ideaEssay).not.toMatch(ETYMOLOGY_FILLER);
    expect(idea.files['essay/index.html']).not.toMatch(/Recorded uses of|Uses per million words/);

    const word = await simulate('etymology-visual-essay', { word: 'serendipity', angle: 'etymology', audience: 'general', length: '6min' }, 'voice-word');
    expect(word.files['essay/ESSAY.md']).toMatch(ETYMOLOGY_FILLER);
    expect(word.files['research/SOURCES.md']).toMatch(/Dictionary|Wiktionary/);
    expect(word.files['essay/index.html']).toContain('Recorded uses of serendipity');
  }, 180_000);

  it('is deterministic for the same run and attempt, and differs between runs', async () => {
    const intent = { topic: QUESTION, audience: 'general', mode: 'conceptual' };
    const [a, b, c] = await Promise.all([simulate('research-brief', intent, 'voice-same'), simulate('research-brief', intent, 'voice-same'), simulate('research-brief', intent, 'voice-other')]);
    expect(a.files['brief/BRIEF.md']).toBe(b.files['brief/BRIEF.md']);
    expect(a.files['research/SOURCES.md']).toBe(b.files['research/SOURCES.md']);
    expect(a.files['brief/BRIEF.md']).not.toBe(c.files['brief/BRIEF.md']);
  }, 180_000);

  it('titles studies by the question\'s subject', () => {
    expect(topicPhrase(QUESTION)).toBe('intermittent fasting');
    expect(topicPhrase('Why do cities run hotter than the countryside?')).toBe('cities run hotter than the countryside');
    expect(topicPhrase('urban heat islands')).toBe('urban heat islands');
  });
});
