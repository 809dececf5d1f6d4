/**
 * Writes the text of one planned file, in the format its extension calls for (markdown, HTML essay, JSON, code,
 * YAML, CSS, plain text), carrying every required heading, text, front-matter field, regex match, source and
 * visualization the plan asks for.
 */
import { stringify as toYaml } from 'yaml';
import { contractRegexFlags } from '../content/regex';
import type { FileSpec } from './file-plan';
import { pascal } from './file-plan';
import { capitalize, paragraph, references, titleFromPath, type Genre, type ProseTopic, type Reference } from './prose';
import { sampleForRegex } from './regex-sample';
import type { Rng } from './rng';
import { canvasScript, CANVAS_ELEMENT, curveSvg, dataScript, figureDataFrom, timelineSvg, type FigureData } from './figures';
import { isBuiltInDrawing, snippetFor, type VizSnippet } from './viz-snippets';

export interface WriteContext {
  /** Data the essay's figures draw (from the run's inputs); a per-file default when absent. */
  figures?: FigureData;
  subject: string;
  angle: string;
  /** The workflow's voice (etymology essay, research brief, idea explainer, data story); etymology when absent. */
  genre?: Genre;
  gateName: string;
  agentSlug: string;
  rng: Rng;
}

const SOURCE_HEADING = /source|bibliograph|reference|citation|works cited|further reading/i;
const DEFAULT_SECTIONS = ['Overview', 'Key Findings', 'Open Questions'];
/** An essay's own sections when no check names them, per workflow voice. */
const ESSAY_SECTIONS: Record<Genre, string[]> = {
  etymology: ['Introduction', 'Origins', 'Turning Points', 'The Word Today'],
  brief: ['The Question', 'What the Evidence Shows', 'The Case Against', 'Recommendation'],
  explainer: ['The Idea', 'How It Works', 'A Worked Example', 'Where Intuition Fails'],
  data: ['What the Data Show', 'How We Counted', 'Where It Differs', 'Caveats'],
};

/** What the two figures plot, per voice: the timeline's events and the curve's measure. */
const FIGURE_CAPTIONS: Record<Genre, { timeline: string; curve: string }> = {
  etymology: { timeline: 'Recorded uses of', curve: 'Uses per million words of' },
  brief: { timeline: 'Key studies on', curve: 'Participants per year in studies of' },
  explainer: { timeline: 'Milestones in the idea of', curve: 'Mentions per year of' },
  data: { timeline: 'Reporting years for', curve: 'Annual figures for' },
};

export function writeFile(spec: FileSpec, context: WriteContext): string {
  const ext = (spec.path.split('.').pop() ?? '').toLowerCase();
  const rng = context.rng.fork(spec.path);
  let content: string;
  if (spec.incomplete) content = writeIncomplete(spec, context, ext);
  else if (ext === 'html' || ext === 'htm') content = writeHtml(spec, context, rng);
  else if (ext === 'json') content = writeJson(spec, context, rng);
  else if (['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx'].includes(ext)) content = writeCode(spec, context, rng, ext);
  else if (ext === 'yaml' || ext === 'yml') content = writeYaml(spec, context, rng);
  else if (ext === 'css') content = writeCss(spec, context);
  else if (ext === 'csv') content = writeCsv(spec, context, rng);
  else if (ext === 'svg') content = writeSvg(spec, context);
  else content = writeMarkdown(spec, context, rng, ext === 'md' || ext === 'markdown' || ext === 'mdx');
  return sanitize(content, spec);
}

function topicFor(spec: FileSpec, context: WriteContext, focus?: string): ProseTopic {
  return { subject: context.subject, focus: focus ?? titleFromPath(spec.path), angle: context.angle, genre: context.genre };
}

/** Lines that satisfy the plan's regex checks (distinct samples, as many as each check needs). */
function regexLines(spec: FileSpec, rng: Rng, present = ''): string[] {
  const lines: string[] = [];
  for (const { source, count: needed } of spec.regexLines) {
    const flags = contractRegexFlags(source);
    const regex = new RegExp(source, flags);
    const count = needed - (present ? [...present.matchAll(regex)].length : 0);
    if (count <= 0) continue;
    const samples: string[] = [];
    for (let attempt = 0; samples.length < count && attempt < count * 3 + 10; attempt++) {
      const sample = sampleForRegex(source, flags, rng.fork(`${source}#${attempt}`));
      if (sample === null) break;
      samples.push(sample);
    }
    // Several samples on separate lines must still match as many times as required (greedy patterns may merge).
    while (samples.length > 0 && [...samples.join('\n').matchAll(regex)].length < count && samples.length < count * 3) samples.push(samples[samples.length % samples.length]);
    lines.push(...samples);
  }
  return lines;
}

/** "Status:" → "Status: confirmed"; any other text stays as written. */
function textLine(text: string): string {
  return /:\s*$/.test(text) ? `${text.trimEnd()} confirmed` : text;
}

function citeCounter(total: number, rng: Rng): (() => string) | undefined {
  if (total <= 0) return undefined;
  return () => `[${rng.int(1, total)}]`;
}

function referenceLine(reference: Reference, index: number): string {
  return `${index + 1}. ${reference.author} (${reference.year}). *${reference.title}*. ${reference.url}`;
}

function frontMatterBlock(fields: Record<string, unknown>): string {
  return `---\n${toYaml(fields).trimEnd()}\n---\n\n`;
}

function writeMarkdown(spec: FileSpec, context: WriteContext, rng: Rng, markdown: boolean): string {
  const title = `${titleFromPath(spec.path)}: ${capitalize(context.subject)}`;
  const referencesList = references(context.subject, spec.sources, rng.fork('refs'), context.genre);
  const cite = citeCounter(referencesList.length, rng.fork('cite'));
  const front: Record<string, unknown> = { ...spec.frontmatter };
  if (spec.vizClaims) {
    front.libraries = spec.vizClaims;
    front.visualizations = spec.vizClaims.map((library, index) => ({ name: `figure-${index + 1}`, library }));
  }
  const parts: string[] = [];
  if (Object.keys(front).length > 0) parts.push(frontMatterBlock(front));
  parts.push(`# ${title}\n`);
  parts.push(`${paragraph(rng, topicFor(spec, context), { opener: true, cite })}\n`);
  if (spec.description) parts.push(`This document covers: ${spec.description.replace(/\s+/g, ' ').trim()}\n`);

  const headings = spec.headings.length > 0 ? dedupe(spec.headings) : DEFAULT_SECTIONS;
  let sourcesPlaced = false;
  for (const heading of headings) {
    parts.push(`## ${heading}\n`);
    if (!sourcesPlaced && referencesList.length > 0 && SOURCE_HEADING.test(heading)) {
      parts.push(`${referencesList.map(referenceLine).join('\n')}\n`);
      sourcesPlaced = true;
      continue;
    }
    parts.push(`${paragraph(rng, topicFor(spec, context, heading), { cite })}\n`);
  }
  if (spec.texts.length > 0) parts.push(`## Notes\n\n${dedupe(spec.texts).map(textLine).join('\n\n')}\n`);
  const lines = regexLines(spec, rng);
  if (lines.length > 0) parts.push(`## Evidence Log\n\n${lines.join('\n')}\n`);
  if (spec.vizImplement) parts.push(`## Implementation\n\n\`\`\`js\n${spec.vizImplement.map((l) => snippetFor(l)?.moduleCode ?? '').join('\n')}\n\`\`\`\n`);
  if (referencesList.length > 0 && !sourcesPlaced) parts.push(`## Sources\n\n${referencesList.map(referenceLine).join('\n')}\n`);
  if (!markdown) return parts.join('\n').replace(/^#+ /gm, '').replace(/\*/g, '');
  return parts.join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function writeHtml(spec: FileSpec, context: WriteContext, rng: Rng): string {
  const fileTitle = titleFromPath(spec.path);
  // Files named after the page (index.html) or the run's slug (serendipity-3f9a1c.html) say nothing a title needs.
  const generic = ['index', 'essay'].includes(fileTitle.toLowerCase()) || fileTitle.toLowerCase().startsWith(context.subject.toLowerCase());
  const title = `${capitalize(context.subject)}: ${generic ? 'A Visual Essay' : fileTitle}`;
  const referenceCount = Math.max(spec.sources, 6);
  const referencesList = references(context.subject, referenceCount, rng.fork('refs'), context.genre);
  let citationIndex = 0;
  const cite = () => {
    citationIndex = (citationIndex % referenceCount) + 1;
    return `<sup class="cite"><a href="#ref-${citationIndex}">[${citationIndex}]</a></sup>`;
  };
  const libraries = spec.vizImplement ?? [];
  // SVG and Canvas figures are drawn below from the run's data; other libraries add their own figure.
  const snippets = libraries.filter((l) => !isBuiltInDrawing(l)).map(snippetFor).filter((s): s is VizSnippet => s !== undefined);
  const head = [...new Set(snippets.flatMap((s) => s.htmlHead))];
  const meta = spec.vizClaims
    ? `<script type="application/json" id="essay-meta">${JSON.stringify({ libraries: spec.vizClaims, visualizations: spec.vizClaims.map((library, i) => ({ name: `figure-${i + 1}`, library })) })}</script>`
    : '';
  const data = context.figures ?? figureDataFrom([], rng.fork('figures'));
  const captions = FIGURE_CAPTIONS[context.genre ?? 'etymology'];
  const span = `${data.years[0]}–${data.years[data.years.length - 1]}`;
  const onCanvas = libraries.some((l) => snippetFor(l) !== undefined && /canvas/i.test(l));
  const figures = [
    { body: timelineSvg(data, context.subject), caption: `${captions.timeline} ${escapeHtml(context.subject)}, ${span}` },
    { body: onCanvas ? CANVAS_ELEMENT : curveSvg(data), caption: `${captions.curve} ${escapeHtml(context.subject)}, ${span}` },
    ...snippets.map((s) => ({ body: s.htmlBody, caption: `How ${escapeHtml(context.subject)} changed over time` })),
  ];
  const figureHtml = (index: number) => {
    const figure = figures[index];
    return `    <figure class="visualization">\n      ${figure.body.replace(/\n/g, '\n      ')}\n      <figcaption>Figure ${index + 1}. ${figure.caption} ${cite()}.</figcaption>\n    </figure>`;
  };

  // Body sections first (the essay's own, or the default four), then any source heading a check asks for.
  const bodyHeadings = dedupe(spec.headings).filter((heading) => !SOURCE_HEADING.test(heading));
  const sourceHeadings = dedupe(spec.headings).filter((heading) => SOURCE_HEADING.test(heading));
  const headings = [...(bodyHeadings.length > 0 ? bodyHeadings : ESSAY_SECTIONS[context.genre ?? 'etymology']), ...sourceHeadings];
  const sections: string[] = [];
  let bibliographyPlaced = false;
  let figuresPlaced = 0;
  const withFigures = libraries.length > 0;
  headings.forEach((heading, index) => {
    const id = slugify(heading) || `section-${index + 1}`;
    if (!bibliographyPlaced && SOURCE_HEADING.test(heading)) {
      // Figures not yet placed go before the sources.
      while (withFigures && figuresPlaced < figures.length) sections.push(figureHtml(figuresPlaced++));
      sections.push(bibliography(heading, id, referencesList));
      bibliographyPlaced = true;
      return;
    }
    const prose = [0, 1].map(() => `      <p>${escapeHtml(paragraph(rng, topicFor(spec, context, heading))).replace(/\.(\s|$)/, `.${cite()}$1`)}</p>`).join('\n');
    sections.push(`    <section id="${id}">\n      <h2>${escapeHtml(heading)}</h2>\n${prose}\n    </section>`);
    if (withFigures && figuresPlaced < figures.length) sections.push(figureHtml(figuresPlaced++));
  });
  while (withFigures && figuresPlaced < figures.length) sections.push(figureHtml(figuresPlaced++));
  if (!bibliographyPlaced) sections.push(bibliography('Bibliography', 'bibliography', referencesList));
  const scripts = withFigures ? [dataScript(data), ...(onCanvas ? [canvasScript()] : []), ...snippets.map((s) => s.htmlScript).filter(Boolean)] : [];
  const drawn = [...sections, ...scripts].join('\n');
  // Regex checks the page already satisfies (figures, citations) need no sample lines.
  const extras = [...dedupe(spec.texts).map(textLine), ...regexLines(spec, rng, drawn)];
  const notes = extras.length > 0 ? `    <aside class="essay-notes">\n${extras.map((line) => `      <p>${line}</p>`).join('\n')}\n    </aside>` : '';

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '  <meta charset="utf-8" />',
    '  <meta name="viewport" content="width=device-width, initial-scale=1" />',
    `  <title>${escapeHtml(title)}</title>`,
    libraries.length > 0 ? `  <meta name="visualization-libraries" content="${escapeHtml(libraries.join(', '))}" />` : '',
    ...head.map((tag) => `  ${tag}`),
    '  <style>',
    '    body { font-family: Georgia, "Times New Roman", serif; line-height: 1.6; margin: 0; color: #1d1d1f; background: #fbf8f2; }',
    '    article { max-width: 42rem; margin: 0 auto; padding: 3rem 1.25rem; }',
    '    h1 { font-size: 2.6rem; line-height: 1.1; } h2 { margin-top: 2.5rem; }',
    '    sup.cite a { text-decoration: none; color: #8a3b12; } figure { margin: 2rem 0; }',
    '    .bibliography li { margin-bottom: .5rem; word-break: break-word; }',
    '  </style>',
    meta ? `  ${meta}` : '',
    '</head>',
    '<body>',
    '  <article>',
    `    <header>\n      <h1>${escapeHtml(title)}</h1>\n      <p class="dek">${escapeHtml(paragraph(rng, topicFor(spec, context, 'the essay'), { opener: true }))}</p>\n    </header>`,
    ...sections,
    notes,
    '  </article>',
    scripts.length > 0 ? `  <script>\n${scripts.join('\n')}\n  </script>` : '',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function bibliography(heading: string, id: string, list: Reference[]): string {
  const items = list
    .map((r, i) => `        <li id="ref-${i + 1}">${escapeHtml(r.author)} (${r.year}). <cite>${escapeHtml(r.title)}</cite>. <a href="${escapeHtml(r.url)}">${escapeHtml(r.url)}</a></li>`)
    .join('\n');
  return `    <section id="${id}" class="bibliography">\n      <h2>${escapeHtml(heading)}</h2>\n      <ol class="bibliography">\n${items}\n      </ol>\n    </section>`;
}

function writeJson(spec: FileSpec, context: WriteContext, rng: Rng): string {
  const data: Record<string, unknown> = {
    title: `${titleFromPath(spec.path)}: ${capitalize(context.subject)}`,
    subject: context.subject,
    summary: paragraph(rng, topicFor(spec, context), { opener: true }),
    ...spec.frontmatter,
  };
  if (spec.headings.length > 0) data.sections = dedupe(spec.headings).map((heading) => ({ heading, text: paragraph(rng, topicFor(spec, context, heading)) }));
  const notes: string[] = [];
  for (const text of dedupe(spec.texts)) {
    const pair = /^\s*"([^"]+)"\s*:\s*(.+?)\s*,?\s*$/.exec(text);
    const key = /^\s*"?([A-Za-z_][\w-]*)"?\s*:?\s*$/.exec(text);
    if (pair) {
      try {
        data[pair[1]] = JSON.parse(pair[2]);
        continue;
      } catch {
        /* not a JSON value: keep as a note */
      }
    }
    if (key && text.includes('"')) data[key[1]] = data[key[1]] ?? true;
    else notes.push(text);
  }
  const lines = regexLines(spec, rng);
  if (notes.length > 0 || lines.length > 0) data.notes = [...notes, ...lines];
  if (spec.sources > 0) data.sources = references(context.subject, spec.sources, rng.fork('refs'), context.genre);
  if (spec.vizClaims) {
    data.libraries = spec.vizClaims;
    data.visualizations = spec.vizClaims.map((library, index) => ({ name: `figure-${index + 1}`, library }));
  }
  return `${JSON.stringify(data, null, 2)}\n`;
}

function writeCode(spec: FileSpec, context: WriteContext, rng: Rng, ext: string): string {
  const snippets = (spec.vizImplement ?? []).map(snippetFor).filter((s): s is VizSnippet => s !== undefined);
  const react = ext === 'tsx' || ext === 'jsx';
  const name = pascal(titleFromPath(spec.path)) || 'Essay';
  const lines: string[] = [`// ${titleFromPath(spec.path)} — ${context.subject} (${context.gateName})`];
  lines.push(...[...new Set(snippets.flatMap((s) => s.moduleImports))]);
  if (react) lines.unshift("'use client';");
  if (react) lines.push("import { useEffect, useRef } from 'react';");
  lines.push('');
  for (const heading of dedupe(spec.headings)) lines.push(`// ${heading}`);
  if (spec.vizClaims) {
    lines.push(`export const ESSAY_META = {\n  title: ${JSON.stringify(capitalize(context.subject))},\n  visualizations: [\n${spec.vizClaims.map((l) => `    { id: '${slugify(l)}', type: '${l}' },`).join('\n')}\n  ],\n};`);
  }
  lines.push(`const milestones = [1754, 1800, 1850, 1900, 1950, 2000];`, `const years = milestones;`, `const frequency = [2, 5, 11, 24, 61, 140];`, `const points = years.map((year, i) => ({ year, uses: frequency[i] }));`);
  if (react) {
    const code = snippets.map((s) => s.moduleCode).filter(Boolean).join('\n    ');
    const jsx = snippets.map((s) => s.jsx).join('\n        ') || '<p>{ESSAY_TEXT}</p>';
    lines.push(
      `const ESSAY_TEXT = ${JSON.stringify(paragraph(rng, topicFor(spec, context), { opener: true }))};`,
      '',
      `export default function ${name}() {`,
      '  const chartRef = useRef(null); const canvasRef = useRef(null); const mapRef = useRef(null);',
      '  const plotRef = useRef(null); const sceneRef = useRef(null); const vegaRef = useRef(null);',
      '  useEffect(() => {',
      '    const container = chartRef.current ?? document.body;',
      '    const canvas = canvasRef.current ?? document.createElement(\'canvas\');',
      `    ${code}`,
      '  }, []);',
      '  return (',
      '    <figure className="essay-figure">',
      `        ${jsx}`,
      '    </figure>',
      '  );',
      '}',
    );
  } else {
    const code = snippets.map((s) => s.moduleCode).filter(Boolean).join('\n  ');
    lines.push(`export function render${name}(container = document.body) {`, `  const canvas = document.createElement('canvas');`, `  ${code || 'container.textContent = ESSAY_TEXT;'}`, '}');
    lines.push(`const ESSAY_TEXT = ${JSON.stringify(paragraph(rng, topicFor(spec, context), { opener: true }))};`);
  }
  const extras = [...dedupe(spec.texts), ...regexLines(spec, rng)];
  if (extras.length > 0) lines.push('', ...extras);
  if (spec.sources > 0) lines.push('', '/* Sources', ...references(context.subject, spec.sources, rng.fork('refs'), context.genre).map(referenceLine), '*/');
  return `${lines.join('\n')}\n`;
}

function writeYaml(spec: FileSpec, context: WriteContext, rng: Rng): string {
  const data: Record<string, unknown> = { title: `${titleFromPath(spec.path)}: ${capitalize(context.subject)}`, subject: context.subject, ...spec.frontmatter };
  if (spec.vizClaims) data.libraries = spec.vizClaims;
  if (spec.headings.length > 0) data.sections = dedupe(spec.headings);
  data.summary = paragraph(rng, topicFor(spec, context));
  if (spec.sources > 0) data.sources = references(context.subject, spec.sources, rng.fork('refs'), context.genre).map((r) => ({ title: r.title, url: r.url, year: r.year }));
  const extras = [...dedupe(spec.texts).map(textLine), ...regexLines(spec, rng)];
  return `${toYaml(data)}${extras.length > 0 ? `${extras.map((line) => `# ${line}`).join('\n')}\n` : ''}`;
}

function writeCss(spec: FileSpec, context: WriteContext): string {
  const lines = [`/* ${titleFromPath(spec.path)} — ${context.subject} */`, ':root { --ink: #1d1d1f; --paper: #fbf8f2; --accent: #8a3b12; }', 'body { color: var(--ink); background: var(--paper); }'];
  for (const heading of dedupe(spec.headings)) lines.push(`/* ${heading} */`);
  lines.push(...dedupe(spec.texts), ...regexLines(spec, context.rng.fork(spec.path)));
  return `${lines.join('\n')}\n`;
}

function writeCsv(spec: FileSpec, context: WriteContext, rng: Rng): string {
  const rows = ['year,uses_per_million,source'];
  for (let year = 1750; year <= 2000; year += 50) rows.push(`${year},${rng.int(1, 150)},corpus sample`);
  rows.push(...dedupe(spec.headings), ...dedupe(spec.texts), ...regexLines(spec, rng));
  if (spec.sources > 0) rows.push(...references(context.subject, spec.sources, rng.fork('refs'), context.genre).map((r, i) => `${i + 1}. ${r.url}`));
  return `${rows.join('\n')}\n`;
}

function writeSvg(spec: FileSpec, context: WriteContext): string {
  const extras = [...dedupe(spec.headings), ...dedupe(spec.texts)].map((t, i) => `  <text x="20" y="${60 + i * 20}">${escapeHtml(t)}</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 ${Math.max(120, 80 + extras.length * 20)}" role="img">\n  <title>${escapeHtml(context.subject)}</title>\n  <text x="20" y="30">${escapeHtml(titleFromPath(spec.path))}</text>\n${extras.join('\n')}\n</svg>\n`;
}

/** A forced failure: the file exists but stops early, without the required sections, fields or sources. */
function writeIncomplete(spec: FileSpec, context: WriteContext, ext: string): string {
  const note = `Draft of ${titleFromPath(spec.path)} for ${context.subject}: sections, sources and review fields still to be written.`;
  if (ext === 'json') return `${JSON.stringify({ draft: true, note }, null, 2)}\n`;
  if (ext === 'html' || ext === 'htm') return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8" /><title>Draft</title></head><body><p>${escapeHtml(note)}</p></body></html>\n`;
  return `${note}\n`;
}

/** Removes anything a `not_contains` or `must_not_match` check forbids. */
function sanitize(content: string, spec: FileSpec): string {
  let out = content;
  for (const text of spec.forbiddenTexts) out = out.split(text).join('');
  for (const source of spec.forbiddenRegexes) {
    try {
      out = out.replace(new RegExp(source, contractRegexFlags(source)), '');
    } catch {
      /* an invalid regex is the contract's problem, reported by the validator */
    }
  }
  return out;
}

function dedupe(items: string[]): string[] {
  return [...new Set(items)];
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
