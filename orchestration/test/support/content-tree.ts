import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';

export const CONTENT_FOLDERS = ['agents', 'gates', 'workflows', 'profiles', 'skills'];

export function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(nodePath.dirname(nodePath.join(root, path)), { recursive: true });
    writeFileSync(nodePath.join(root, path), content);
  }
}

/** Copies the content folders of an orchestration root into a fresh temp dir. */
export function copyContent(from: string): string {
  const to = mkdtempSync(nodePath.join(tmpdir(), 'esy-content-'));
  for (const folder of CONTENT_FOLDERS) {
    try {
      cpSync(nodePath.join(from, folder), nodePath.join(to, folder), { recursive: true });
    } catch {
      /* a folder the tree does not have */
    }
  }
  return to;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests reach into arbitrary JSON to break one field
export function editJson(root: string, path: string, edit: (value: Record<string, any>) => void): void {
  const file = nodePath.join(root, path);
  const value = JSON.parse(readFileSync(file, 'utf8'));
  edit(value);
  writeFileSync(file, JSON.stringify(value, null, 2));
}

export function editText(root: string, path: string, edit: (text: string) => string): void {
  const file = nodePath.join(root, path);
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
}

const body = (title: string) => `# ${title}\n\n${`${title} does careful, well-documented work for this gate. `.repeat(6)}`;

export function agentFile(slug: string, category: string, tier = 'mid', extra = ''): string {
  return `---\nslug: ${slug}\nname: ${slug}\ncategory: ${category}\nrole: Does ${slug} work.\ntier: ${tier}\ncapabilities: [writing]\n${extra}---\n${body(slug)}`;
}

/** A small but complete content tree: two agents, two profiles, a skill, two contracts, one workflow. */
export function minimalTree(): Record<string, string> {
  return {
    'agents/research/researcher.md': agentFile('researcher', 'research', 'mid', 'model: claude-sonnet-4\n'),
    'agents/content/writer.md': agentFile('writer', 'content', 'top'),
    'profiles/research/historical.md': '---\nname: Historical\nkind: research\n---\nPrimary sources first.\n',
    'profiles/design/editorial.md': 'Editorial design rules.\n',
    'skills/citing/SKILL.md': '---\nname: Citing\ndescription: How to cite sources.\n---\nNumber every source.\n',
    'skills/citing/references/styles.md': 'Chicago style.\n',
    'gates/contracts/R1.contract.json': JSON.stringify({
      gate: 'R1',
      name: 'Research',
      required_outputs: { all_of: [{ path: '{artifact_path}/research/CITATIONS.md' }] },
      validations: [{ type: 'min_sources', target: '{artifact_path}/research/CITATIONS.md', thresholds: { quick: 1, standard: 2, deep: 3 } }],
      required_skills: [{ path: 'orchestration/skills/citing', inject: ['SKILL.md', 'references/styles.md'] }],
    }),
    'gates/contracts/R2.contract.json': JSON.stringify({
      gate: 'R2',
      name: 'Write',
      validations: [{ type: 'regex_match', target: '{artifact_path}/essay.md', regex: '^# ' }],
    }),
    'workflows/demo-brief.json': JSON.stringify({
      workflow: 'demo-brief',
      version: '1.0.0',
      name: 'Demo brief',
      description: 'A research brief',
      type: 'research',
      modes: ['historical', 'data-journalism'],
      default_mode: 'historical',
      intent_schema: [{ key: 'topic', label: 'Topic', type: 'string', required: true }],
      gates: [
        { gate: 'R1', name: 'Research', phase: 'research', agent: 'researcher', profiles: { historical: 'research/historical' } },
        {
          gate: 'R2',
          name: 'Write',
          phase: 'production',
          parallel_agents: [{ agent: 'writer', role: 'writes' }, { agent: 'researcher', role: 'checks' }],
          profiles: { 'data-journalism': ['research/historical', 'design/editorial'] },
          condition: "mode == 'data-journalism' || depth == 'deep'",
        },
      ],
    }),
  };
}
