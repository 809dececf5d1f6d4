import picomatch from 'picomatch';
import * as nodePath from 'node:path';
import type { ContractValidation, Depth, GateContract, Severity, ValidationOf } from '../content/contract-schema';
import { compileContractRegex } from '../content/regex';
import { checkFrontMatterField, readFrontMatter } from './frontmatter';
import { describeDir, type PathResolver } from './paths';
import { countSources, describeSourceCount } from './source-count';
import type { CheckResult, CheckType, ValidateOptions, ValidatorFailCode } from './types';
import { checkUrls, DEFAULT_URL_PATTERN, extractUrls, sampleEvenly } from './url-check';
import { extractAssetReferences, isNetworkUrl, packagePathOf } from './local-assets';
import { extractClaims, judgeClaim } from './viz-tech';
import type { WorkspaceView } from './workspace-view';

/** Everything a check needs: the contract (for any_of fallbacks), the resolver, the cached workspace, options. */
export interface CheckContext {
  contract: GateContract;
  depth: Depth;
  resolver: PathResolver;
  view: WorkspaceView;
  options: ValidateOptions;
}

type RowBase = { type: CheckType; severity: Severity; description?: string };

function row(base: RowBase, target: string, passed: boolean, detail: string, code?: ValidatorFailCode): CheckResult {
  const result: CheckResult = { type: base.type, target, passed, severity: base.severity, detail };
  if (base.description) result.description = base.description;
  if (!passed) result.code = code ?? 'VALIDATION_FAILED';
  return result;
}

/** A broken contract always counts as an error, whatever severity the check was given. */
function contractError(base: RowBase, target: string, detail: string): CheckResult {
  return row({ ...base, severity: 'error' }, target, false, `contract error: ${detail}`, 'CONTRACT_ERROR');
}

function skipped(base: RowBase, target: string, detail: string): CheckResult {
  return { ...row(base, target, true, detail), skipped: true };
}

type ResolvedFile = { ok: true; path: string; text: string; note: string } | { ok: false; row: CheckResult };

/**
 * Resolves a file target and reads it. When the path does not exist and the contract has `any_of` outputs, the
 * first existing any_of output is used instead (SPEC section 5), and the row says so.
 */
async function resolveFile(context: CheckContext, base: RowBase, template: string): Promise<ResolvedFile> {
  const expanded = await context.resolver.expand(template);
  if (!expanded.ok) {
    return { ok: false, row: expanded.contract ? contractError(base, template, expanded.reason) : row(base, template, false, expanded.reason) };
  }
  const text = await context.view.read(expanded.path);
  if (text !== null) return { ok: true, path: expanded.path, text, note: '' };
  for (const output of context.contract.required_outputs.any_of) {
    const alternative = await context.resolver.expand(output.path);
    if (!alternative.ok) continue;
    const alternativeText = await context.view.read(alternative.path);
    if (alternativeText !== null) {
      return { ok: true, path: alternative.path, text: alternativeText, note: ` (${expanded.path} not found; used any_of output ${alternative.path})` };
    }
  }
  return { ok: false, row: row(base, expanded.path || template, false, `file not found: ${expanded.path || template}`) };
}

/** Runs a per-file check on `target` or on each of `targets` (one row each). */
async function perTarget(
  context: CheckContext,
  validation: { target?: string; targets?: string[] },
  check: (template: string) => Promise<CheckResult>,
): Promise<CheckResult[]> {
  const templates = validation.targets ?? (validation.target !== undefined ? [validation.target] : []);
  const rows: CheckResult[] = [];
  for (const template of templates) rows.push(await check(template));
  return rows;
}

function baseOf(validation: ContractValidation): RowBase {
  return { type: validation.type, severity: validation.severity, description: validation.description };
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let position = 0; position < index; position++) if (text.charCodeAt(position) === 10) line++;
  return line;
}

function quoteList(items: string[], limit = 6): string {
  const shown = items.slice(0, limit).map((item) => `"${item}"`).join(', ');
  return items.length > limit ? `${shown} and ${items.length - limit} more` : shown;
}

async function fileExists(context: CheckContext, validation: ValidationOf<'file_exists'>): Promise<CheckResult[]> {
  const base = baseOf(validation);
  const outputs = context.contract.required_outputs;
  if (validation.target === 'all_required') {
    const required = outputs.all_of.filter((output) => output.required !== false);
    if (!required.length) return [row(base, 'all_required', true, 'the contract lists no required outputs')];
    const missing: string[] = [];
    for (const output of required) {
      const expanded = await context.resolver.expand(output.path);
      if (!expanded.ok) {
        if (expanded.contract) return [contractError(base, 'all_required', `${output.path}: ${expanded.reason}`)];
        missing.push(`${output.path} (${expanded.reason})`);
      } else if (!(await context.view.exists(expanded.path))) missing.push(expanded.path);
    }
    return [
      missing.length
        ? row(base, 'all_required', false, `missing ${missing.length} of ${required.length} required outputs: ${missing.join(', ')}`, 'MISSING_ARTIFACT')
        : row(base, 'all_required', true, `all ${required.length} required outputs exist`),
    ];
  }
  if (validation.target === 'any_of') {
    if (!outputs.any_of.length) return [contractError(base, 'any_of', 'target "any_of" but required_outputs.any_of is empty')];
    const tried: string[] = [];
    for (const output of outputs.any_of) {
      const expanded = await context.resolver.expand(output.path);
      if (!expanded.ok) {
        if (expanded.contract) return [contractError(base, 'any_of', `${output.path}: ${expanded.reason}`)];
        continue;
      }
      if (await context.view.exists(expanded.path)) return [row(base, 'any_of', true, `found ${expanded.path}`)];
      tried.push(expanded.path);
    }
    return [row(base, 'any_of', false, `none of the any_of outputs exists: ${tried.join(', ')}`, 'MISSING_ARTIFACT')];
  }
  // A plain path: that one file must exist.
  const expanded = await context.resolver.expand(validation.target);
  if (!expanded.ok) return [expanded.contract ? contractError(base, validation.target, expanded.reason) : row(base, validation.target, false, expanded.reason, 'MISSING_ARTIFACT')];
  const exists = await context.view.exists(expanded.path);
  return [row(base, expanded.path, exists, exists ? 'exists' : `file not found: ${expanded.path}`, 'MISSING_ARTIFACT')];
}

async function dirExists(context: CheckContext, validation: ValidationOf<'dir_exists'>): Promise<CheckResult[]> {
  const base = baseOf(validation);
  return perTarget(context, validation, async (template) => {
    const expanded = await context.resolver.expand(template);
    if (!expanded.ok) return expanded.contract ? contractError(base, template, expanded.reason) : row(base, template, false, expanded.reason);
    const exists = await context.view.isDirectory(expanded.path);
    return row(base, expanded.path || '.', exists, exists ? 'directory exists' : `directory not found: ${describeDir(expanded.path)}`);
  });
}

async function minFileCount(context: CheckContext, validation: ValidationOf<'min_file_count'>): Promise<CheckResult[]> {
  const base = baseOf(validation);
  const needed = validation.thresholds[context.depth];
  const pattern = await context.resolver.expandText(validation.pattern);
  const matches = picomatch(pattern);
  return perTarget(context, validation, async (template) => {
    const expanded = await context.resolver.expand(template);
    if (!expanded.ok) return expanded.contract ? contractError(base, template, expanded.reason) : row(base, template, false, expanded.reason);
    const dir = expanded.path;
    const files = (await context.view.list(dir)).map((path) => (dir ? path.slice(dir.length + 1) : path));
    const count = files.filter((relative) => matches(relative)).length;
    const detail = `${count} file${count === 1 ? '' : 's'} matching ${pattern} in ${describeDir(dir)} (need ${needed} at ${context.depth} depth)`;
    return row(base, dir || '.', count >= needed, detail);
  });
}

async function minSources(context: CheckContext, validation: ValidationOf<'min_sources'>): Promise<CheckResult[]> {
  const base = baseOf(validation);
  const needed = validation.thresholds[context.depth];
  return perTarget(context, validation, async (template) => {
    const file = await resolveFile(context, base, template);
    if (!file.ok) return file.row;
    const counted = countSources(file.text);
    return row(
      base,
      file.path,
      counted.count >= needed,
      `${counted.count} sources (best heuristic: ${counted.heuristic}; ${describeSourceCount(counted)}); need ${needed} at ${context.depth} depth${file.note}`,
    );
  });
}

async function minSourcesAnyOf(context: CheckContext, validation: ValidationOf<'min_sources_any_of'>): Promise<CheckResult[]> {
  const base = baseOf(validation);
  const needed = validation.thresholds[context.depth];
  let best: { path: string; count: number; heuristic: string } | undefined;
  const absent: string[] = [];
  for (const template of validation.targets) {
    const expanded = await context.resolver.expand(template);
    if (!expanded.ok) {
      if (expanded.contract) return [contractError(base, template, expanded.reason)];
      absent.push(template);
      continue;
    }
    const text = await context.view.read(expanded.path);
    if (text === null) {
      absent.push(expanded.path);
      continue;
    }
    const counted = countSources(text);
    if (!best || counted.count > best.count) best = { path: expanded.path, count: counted.count, heuristic: counted.heuristic };
  }
  if (!best) return [row(base, validation.targets.join(' | '), false, `none of the files exists: ${absent.join(', ')}`)];
  return [
    row(base, best.path, best.count >= needed, `${best.count} sources in the best file (heuristic: ${best.heuristic}); need ${needed} at ${context.depth} depth`),
  ];
}

/**
 * `contains_headings` as Esy's validator defines it: every term is a case-sensitive substring of the file, anywhere
 * ("Color" matches "## Proposed Color Palette"; "Layer 1" does not match "LAYER 1").
 */
async function containsHeadings(context: CheckContext, validation: ValidationOf<'contains_headings'>): Promise<CheckResult[]> {
  const base = baseOf(validation);
  return perTarget(context, validation, async (template) => {
    const file = await resolveFile(context, base, template);
    if (!file.ok) return file.row.code === 'CONTRACT_ERROR' ? file.row : { ...file.row, code: 'HEADING_MISMATCH' as const };
    const missing = validation.required_headings.filter((term) => !file.text.includes(term));
    if (!missing.length) return row(base, file.path, true, `all ${validation.required_headings.length} headings present${file.note}`);
    const otherCase = missing.filter((term) => file.text.toLowerCase().includes(term.toLowerCase()));
    const hint = otherCase.length ? `; ${quoteList(otherCase)} appear only in another letter case (the match is case-sensitive)` : '';
    return row(base, file.path, false, `missing heading${missing.length === 1 ? '' : 's'} ${quoteList(missing)}${hint}${file.note}`, 'HEADING_MISMATCH');
  });
}

async function containsText(context: CheckContext, validation: ValidationOf<'contains_text'>): Promise<CheckResult[]> {
  const base = baseOf(validation);
  return perTarget(context, validation, async (template) => {
    const file = await resolveFile(context, base, template);
    if (!file.ok) return file.row;
    const patterns = await Promise.all(validation.patterns.map((pattern) => context.resolver.expandText(pattern)));
    const missing = patterns.filter((pattern) => !file.text.includes(pattern));
    return missing.length
      ? row(base, file.path, false, `missing text ${quoteList(missing)}${file.note}`)
      : row(base, file.path, true, `contains all ${patterns.length} text patterns${file.note}`);
  });
}

async function notContains(context: CheckContext, validation: ValidationOf<'not_contains'>): Promise<CheckResult[]> {
  const base = baseOf(validation);
  return perTarget(context, validation, async (template) => {
    const file = await resolveFile(context, base, template);
    if (!file.ok) {
      if (validation.missing_ok && file.row.code !== 'CONTRACT_ERROR') return row(base, file.row.target, true, `${file.row.detail} (missing_ok)`);
      return file.row;
    }
    const pattern = await context.resolver.expandText(validation.pattern);
    const index = file.text.indexOf(pattern);
    if (index < 0) return row(base, file.path, true, `does not contain "${pattern}"${file.note}`);
    const count = file.text.split(pattern).length - 1;
    return row(base, file.path, false, `contains "${pattern}" ${count} time${count === 1 ? '' : 's'} (first on line ${lineOf(file.text, index)})${file.note}`);
  });
}

async function frontmatterStatus(context: CheckContext, validation: ValidationOf<'frontmatter_status'>): Promise<CheckResult[]> {
  const base = baseOf(validation);
  return perTarget(context, validation, async (template) => {
    const file = await resolveFile(context, base, template);
    if (!file.ok) return file.row;
    const front = readFrontMatter(file.text);
    if (!front.ok) return row(base, file.path, false, `${front.reason}${file.note}`);
    const problems = Object.entries(validation.checks)
      .map(([field, check]) => checkFrontMatterField(front.data, field, check))
      .filter((problem): problem is string => problem !== null);
    return problems.length
      ? row(base, file.path, false, `${problems.join('; ')}${file.note}`)
      : row(base, file.path, true, `front matter satisfies ${Object.keys(validation.checks).length} check(s)${file.note}`);
  });
}

async function regexMatch(context: CheckContext, validation: ValidationOf<'regex_match'>): Promise<CheckResult[]> {
  const base = baseOf(validation);
  const compiled = compileContractRegex(validation.regex);
  if ('error' in compiled) return [contractError(base, validation.target ?? validation.targets!.join(', '), `invalid regex /${validation.regex}/: ${compiled.error}`)];
  return perTarget(context, validation, async (template) => {
    const file = await resolveFile(context, base, template);
    if (!file.ok) return file.row;
    compiled.regex.lastIndex = 0;
    const match = compiled.regex.exec(file.text);
    const where = match ? ` on line ${lineOf(file.text, match.index)}: "${match[0].slice(0, 60)}"` : '';
    if (validation.must_not_match) {
      return match
        ? row(base, file.path, false, `forbidden pattern /${validation.regex}/ matches${where}${file.note}`)
        : row(base, file.path, true, `no match for forbidden pattern /${validation.regex}/${file.note}`);
    }
    return match
      ? row(base, file.path, true, `matches /${validation.regex}/${where}${file.note}`)
      : row(base, file.path, false, `no match for /${validation.regex}/${file.note}`);
  });
}

async function minRegexCount(context: CheckContext, validation: ValidationOf<'min_regex_count'>): Promise<CheckResult[]> {
  const base = baseOf(validation);
  const compiled = compileContractRegex(validation.regex);
  if ('error' in compiled) return [contractError(base, validation.target ?? validation.targets!.join(', '), `invalid regex /${validation.regex}/: ${compiled.error}`)];
  return perTarget(context, validation, async (template) => {
    const file = await resolveFile(context, base, template);
    if (!file.ok) return file.row;
    const count = [...file.text.matchAll(compiled.regex)].length;
    return row(base, file.path, count >= validation.min_count, `${count} match${count === 1 ? '' : 'es'} of /${validation.regex}/ (need ${validation.min_count})${file.note}`);
  });
}

async function urlReachable(context: CheckContext, validation: ValidationOf<'url_reachable'>): Promise<CheckResult[]> {
  const base = baseOf(validation);
  const compiled = compileContractRegex(validation.url_pattern ?? DEFAULT_URL_PATTERN);
  if ('error' in compiled) return [contractError(base, validation.target ?? validation.targets!.join(', '), `invalid url_pattern: ${compiled.error}`)];
  return perTarget(context, validation, async (template) => {
    if (!context.options.network) {
      const expanded = await context.resolver.expand(template);
      return skipped(base, expanded.ok ? expanded.path : template, 'skipped: network checks are off');
    }
    const file = await resolveFile(context, base, template);
    if (!file.ok) return file.row;
    const all = extractUrls(file.text, compiled.regex);
    const sample = sampleEvenly(all, validation.sample_size);
    // Esy's validator fails a file with nothing to check: a URL check that checked nothing proved nothing.
    if (!sample.length) return row(base, file.path, false, `no URL matches the pattern /${compiled.regex.source}/${file.note}`);
    const checks = await checkUrls(sample, {
      timeoutMs: context.options.urlTimeoutMs ?? 10_000,
      maxRedirects: context.options.maxRedirects ?? 5,
      concurrency: context.options.urlConcurrency ?? 10,
      fetch: context.options.fetch ?? fetch,
    });
    const failures = checks.filter((check) => !check.ok);
    const sampled = sample.length < all.length ? ` (sample of ${sample.length} from ${all.length} distinct URLs)` : '';
    const listed = failures
      .slice(0, 10)
      .map((failure) => `${failure.url} → ${failure.reason ?? `HTTP ${failure.status}`}`)
      .join('; ');
    const detail =
      `${sample.length - failures.length}/${sample.length} reachable${sampled}, ${failures.length} failure${failures.length === 1 ? '' : 's'} ` +
      `(at most ${validation.max_failures} allowed)${failures.length ? `: ${listed}` : ''}${file.note}`;
    return row(base, file.path, failures.length <= validation.max_failures, detail);
  });
}

const CODE_FILE = /\.(html?|m?js|cjs|jsx|tsx?|svelte|vue)$/i;

async function vizTechMatch(context: CheckContext, validation: ValidationOf<'viz_tech_match'>): Promise<CheckResult[]> {
  const base = baseOf(validation);
  const metadata = await resolveFile(context, base, validation.metadata_source);
  if (!metadata.ok) return [metadata.row];
  const claims = extractClaims(metadata.text, metadata.path);
  const implementationTemplates = Array.isArray(validation.implementation_target) ? validation.implementation_target : [validation.implementation_target];
  const codePaths: string[] = [];
  for (const template of implementationTemplates) {
    const file = await resolveFile(context, base, template);
    if (!file.ok) return [file.row];
    codePaths.push(file.path);
  }
  // Code split into sibling files (a separate script, a sub-component) counts as the implementation too.
  const folders = [...new Set(codePaths.map((path) => (nodePath.posix.dirname(path) === '.' ? '' : nodePath.posix.dirname(path))))];
  for (const folder of folders) {
    for (const path of await context.view.list(folder)) {
      const direct = (nodePath.posix.dirname(path) === '.' ? '' : nodePath.posix.dirname(path)) === folder;
      if (direct && CODE_FILE.test(path) && !codePaths.includes(path)) codePaths.push(path);
    }
  }
  const code = (await Promise.all(codePaths.map((path) => context.view.read(path)))).filter((text): text is string => text !== null).join('\n');
  const target = codePaths[0];
  // As in Esy's validator, a page that declares no visualizations has nothing to reconcile.
  if (!claims.length) return [row(base, target, true, `${metadata.path} declares no visualizations: nothing to check`)];
  const verdicts = claims.map((claim) => judgeClaim(claim, code));
  const problems = verdicts
    .filter((verdict) => !verdict.imported || !verdict.rendered)
    .map((verdict) => `"${verdict.claim}" (${verdict.library}) is ${!verdict.imported ? 'not imported' : ''}${!verdict.imported && !verdict.rendered ? ' and ' : ''}${!verdict.rendered ? 'not rendered' : ''}`);
  const unknown = verdicts.filter((verdict) => !verdict.known).map((verdict) => verdict.claim);
  const unknownNote = unknown.length ? `; not checkable: ${quoteList(unknown)}` : '';
  const scanned = `scanned ${codePaths.length} code file${codePaths.length === 1 ? '' : 's'}`;
  return problems.length
    ? [row(base, target, false, `${problems.join('; ')} (${scanned})${unknownNote}`)]
    : [row(base, target, true, `${claims.length - unknown.length} claimed librar${claims.length - unknown.length === 1 ? 'y' : 'ies'} imported and rendered (${scanned})${unknownNote}`)];
}

async function localAssets(context: CheckContext, validation: ValidationOf<'local_assets'>): Promise<CheckResult[]> {
  const base = baseOf(validation);
  return perTarget(context, validation, async (template) => {
    const file = await resolveFile(context, base, template);
    if (!file.ok) return file.row;
    const references = extractAssetReferences(file.text);
    const problems: string[] = [];
    let local = 0;
    for (const reference of references) {
      if (isNetworkUrl(reference.url)) {
        problems.push(`${reference.via} loads ${reference.url} from the network`);
        continue;
      }
      const path = packagePathOf(file.path, reference.url);
      if (path === null) continue;
      if (path === '' || (await context.view.read(path)) === null) problems.push(`${reference.via} ${reference.url} is not a file in the package`);
      else local++;
    }
    return problems.length
      ? row(base, file.path, false, `${problems.slice(0, 8).join('; ')}${problems.length > 8 ? ` (+${problems.length - 8} more)` : ''}${file.note}`)
      : row(base, file.path, true, `loads nothing from the network (${local} local file${local === 1 ? '' : 's'} loaded, all present)${file.note}`);
  });
}

export async function runValidation(context: CheckContext, validation: ContractValidation): Promise<CheckResult[]> {
  switch (validation.type) {
    case 'file_exists':
      return fileExists(context, validation);
    case 'dir_exists':
      return dirExists(context, validation);
    case 'min_file_count':
      return minFileCount(context, validation);
    case 'min_sources':
      return minSources(context, validation);
    case 'min_sources_any_of':
      return minSourcesAnyOf(context, validation);
    case 'contains_headings':
      return containsHeadings(context, validation);
    case 'contains_text':
      return containsText(context, validation);
    case 'not_contains':
      return notContains(context, validation);
    case 'frontmatter_status':
      return frontmatterStatus(context, validation);
    case 'regex_match':
      return regexMatch(context, validation);
    case 'min_regex_count':
      return minRegexCount(context, validation);
    case 'url_reachable':
      return urlReachable(context, validation);
    case 'viz_tech_match':
      return vizTechMatch(context, validation);
    case 'local_assets':
      return localAssets(context, validation);
    default: {
      const unknown = validation as { type?: unknown; target?: unknown };
      return [
        contractError(
          { type: String(unknown.type) as CheckType, severity: 'error' },
          typeof unknown.target === 'string' ? unknown.target : '',
          `unknown validation type "${String(unknown.type)}"`,
        ),
      ];
    }
  }
}
