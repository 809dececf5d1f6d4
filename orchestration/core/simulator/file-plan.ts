/**
 * Turns a gate contract into a plan: which files to write and what each must contain (headings, texts, front
 * matter, regex matches, sources, visualization claims and code) for every check to pass.
 */
import * as nodePath from 'node:path';
import picomatch from 'picomatch';
import type { ContractValidation, FrontmatterCheck } from '../content/contract-schema';
import { scopeAllows } from '../engine/write-scope';
import type { SimulatorGateContext } from './gate-context';
import { capitalize } from './prose';

export interface FileSpec {
  path: string;
  description?: string;
  headings: string[];
  texts: string[];
  forbiddenTexts: string[];
  forbiddenRegexes: string[];
  frontmatter: Record<string, unknown>;
  regexLines: Array<{ source: string; count: number }>;
  sources: number;
  /** Libraries this file claims (it is a viz_tech_match metadata source). */
  vizClaims?: string[];
  /** Libraries this file must import and render (it is a viz_tech_match implementation target). */
  vizImplement?: string[];
  /** True when an error-severity check looks inside this file (a forced failure can break it). */
  checkedContent: boolean;
  /** Required by the contract (all_of / any_of / file_exists). */
  required: boolean;
  /** Written deliberately incomplete (forced failure). */
  incomplete?: boolean;
}

export interface FilePlan {
  files: FileSpec[];
  /** Files the contract needs that a forced failure left out. */
  omitted: string[];
  /** Libraries the visualization files use (shared by metadata and implementation). */
  libraries: string[];
}

export interface PlanInputs {
  context: SimulatorGateContext;
  /** Workspace files at the start of the attempt (from list_directory). */
  existing: string[];
  /** Contents read in round 2 (e.g. an earlier gate's visualization metadata). */
  read: Record<string, string>;
  /** Claims found in an existing metadata file, if any. */
  existingClaims?: string[];
  /** Default libraries for this run (deterministic per run). */
  defaultLibraries: string[];
}

const CLIENT_COMPONENT = /Client\.(tsx|jsx)$/;

export function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => capitalize(word.toLowerCase()))
    .join('');
}

/** Template variables → workspace path, as the validator resolves them. */
export function expandPath(template: string, context: SimulatorGateContext, existing: string[]): string {
  const clientComponent = () => {
    const found = existing
      .filter((p) => CLIENT_COMPONENT.test(nodePath.posix.basename(p)) && (nodePath.posix.dirname(p) === '.' ? '' : nodePath.posix.dirname(p)) === context.artifactPath)
      .sort()[0];
    return found ?? join(context.artifactPath, `${pascal(context.slug || 'essay') || 'Essay'}Client.tsx`);
  };
  const replaced = template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    if (name === 'artifact_path') return context.artifactPath;
    if (name === 'slug') return context.slug;
    if (name === 'depth') return context.depth;
    if (name === 'client_component') return clientComponent();
    return whole;
  });
  const normalized = nodePath.posix.normalize(replaced.replace(/\\/g, '/')).replace(/^\/+/, '').replace(/\/+$/, '');
  return normalized === '.' ? '' : normalized.replace(/^\.\//, '');
}

function join(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

function frontmatterValue(field: string, check: FrontmatterCheck, current: unknown): unknown {
  if (check === null || typeof check !== 'object') return check;
  let value: unknown = current;
  if (check.min !== undefined) value = typeof current === 'number' && current >= check.min ? current : check.min;
  if (check.not !== undefined) {
    const forbidden = (Array.isArray(check.not) ? check.not : [check.not]).map((v) => String(v));
    if (value === undefined || forbidden.includes(String(value))) {
      const candidates = /score|rating|count|number|total/i.test(field)
        ? [10, 9, 8, 100]
        : ['approved', 'complete', 'passed', 'final', 'ready', 'verified', 'yes'];
      value = candidates.find((candidate) => !forbidden.includes(String(candidate))) ?? `${field}-ok`;
    }
  }
  return value;
}

/** Builds the plan for one attempt (before the forced-failure decision and before splitting among agents). */
export function planFiles(inputs: PlanInputs): FilePlan {
  const { context, existing } = inputs;
  const specs = new Map<string, FileSpec>();
  const expand = (template: string) => expandPath(template, context, existing);
  const spec = (path: string, required = false): FileSpec | undefined => {
    if (!path) return undefined;
    let found = specs.get(path);
    if (!found) {
      found = { path, headings: [], texts: [], forbiddenTexts: [], forbiddenRegexes: [], frontmatter: {}, regexLines: [], sources: 0, checkedContent: false, required };
      specs.set(path, found);
    }
    if (required) found.required = true;
    return found;
  };
  const contract = context.contract;
  const dirs: string[] = [];
  const counts: Array<{ dir: string; pattern: string; needed: number }> = [];
  const anyOfFirst = contract?.required_outputs.any_of[0];

  for (const output of contract?.required_outputs.all_of ?? []) {
    const file = spec(expand(output.path), true);
    if (file && output.description) file.description = output.description;
  }
  if (anyOfFirst) {
    const file = spec(expand(anyOfFirst.path), true);
    if (file && anyOfFirst.description) file.description = anyOfFirst.description;
  }

  const targetsOf = (validation: { target?: string; targets?: string[] }) =>
    (validation.targets ?? (validation.target !== undefined ? [validation.target] : [])).map(expand);
  const mark = (file: FileSpec | undefined, validation: ContractValidation) => {
    if (file && validation.severity !== 'warning') file.checkedContent = true;
    return file;
  };

  let libraries = inputs.existingClaims && inputs.existingClaims.length > 0 ? inputs.existingClaims : inputs.defaultLibraries;
  // Checks other gates run on files this stage may write count too: what they verify must keep passing.
  for (const validation of [...(contract?.validations ?? []), ...(context.crossChecks ?? [])]) {
    switch (validation.type) {
      case 'file_exists':
        if (validation.target !== 'all_required' && validation.target !== 'any_of') spec(expand(validation.target), true);
        break;
      case 'dir_exists':
        dirs.push(...targetsOf(validation));
        break;
      case 'min_file_count':
        for (const dir of targetsOf(validation)) counts.push({ dir, pattern: validation.pattern, needed: validation.thresholds[context.depth] });
        break;
      case 'min_sources':
        for (const path of targetsOf(validation)) {
          const file = mark(spec(path), validation)!;
          file.sources = Math.max(file.sources, validation.thresholds[context.depth]);
        }
        break;
      case 'min_sources_any_of': {
        const file = mark(spec(expand(validation.targets[0])), validation)!;
        file.sources = Math.max(file.sources, validation.thresholds[context.depth]);
        break;
      }
      case 'contains_headings':
        for (const path of targetsOf(validation)) mark(spec(path), validation)!.headings.push(...validation.required_headings);
        break;
      case 'contains_text':
        for (const path of targetsOf(validation)) mark(spec(path), validation)!.texts.push(...validation.patterns);
        break;
      case 'not_contains':
        for (const path of targetsOf(validation)) {
          // A missing target falls back to the first any_of output (validator rule), so that file must avoid it too.
          const fallback = anyOfFirst ? specs.get(expand(anyOfFirst.path)) : undefined;
          const file = validation.missing_ok ? (specs.get(path) ?? fallback) : spec(path);
          file?.forbiddenTexts.push(validation.pattern);
        }
        break;
      case 'frontmatter_status':
        for (const path of targetsOf(validation)) {
          const file = mark(spec(path), validation)!;
          for (const [field, check] of Object.entries(validation.checks)) file.frontmatter[field] = frontmatterValue(field, check, file.frontmatter[field]);
        }
        break;
      case 'regex_match':
        for (const path of targetsOf(validation)) {
          const file = spec(path)!;
          if (validation.must_not_match) file.forbiddenRegexes.push(validation.regex);
          else mark(file, validation)!.regexLines.push({ source: validation.regex, count: 1 });
        }
        break;
      case 'min_regex_count':
        for (const path of targetsOf(validation)) {
          if (validation.min_count > 0) mark(spec(path), validation)!.regexLines.push({ source: validation.regex, count: validation.min_count });
          else spec(path);
        }
        break;
      case 'url_reachable':
      case 'local_assets': // the writers load nothing from the network
        for (const path of targetsOf(validation)) spec(path);
        break;
      case 'viz_tech_match': {
        const metadataPath = expand(validation.metadata_source);
        const implementations = (Array.isArray(validation.implementation_target) ? validation.implementation_target : [validation.implementation_target]).map(expand);
        const writesMetadata = !existing.includes(metadataPath) || specs.has(metadataPath);
        if (writesMetadata) {
          libraries = inputs.defaultLibraries;
          const metadata = mark(spec(metadataPath), validation)!;
          metadata.vizClaims = libraries;
        } else if (inputs.existingClaims?.length) libraries = inputs.existingClaims;
        const implementation = mark(spec(implementations[0]), validation)!;
        implementation.vizImplement = libraries;
        break;
      }
    }
  }

  for (const output of context.outputs) spec(expand(output));
  if (!contract && specs.size === 0) spec(join(context.artifactPath, `${context.gateId.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-notes.md`));

  const planned = () => [...specs.keys()];
  for (const dir of dirs) {
    const inside = [...planned(), ...existing].some((path) => dir === '' || path.startsWith(`${dir}/`));
    if (!inside) spec(join(dir, 'README.md'));
  }
  for (const { dir, pattern, needed } of counts) {
    const matches = picomatch(pattern);
    const relative = (path: string) => (dir ? (path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : null) : path);
    const present = new Set([...planned(), ...existing].map(relative).filter((rel): rel is string => rel !== null && matches(rel)));
    for (let index = 1; present.size < needed && index < needed * 4 + 10; index++) {
      const name = nameFromPattern(pattern, index, context.slug);
      if (!matches(name) || present.has(name)) continue;
      present.add(name);
      spec(join(dir, name));
    }
  }
  const scope = context.writeScope;
  const files = [...specs.values()].filter((file) => !scope || scopeAllows(scope, file.path));
  return { files, omitted: [], libraries };
}

/** A file name matching a simple glob ("*.md" → "source-03.md", "img-??.{png,svg}" → "img-xx.png"). */
export function nameFromPattern(pattern: string, index: number, slug: string): string {
  const number = String(index).padStart(2, '0');
  const stem = slug ? `${slug}-${number}` : `item-${number}`;
  let name = pattern.replace(/\*\*\//g, '').replace(/\{([^}]*)\}/g, (_, options: string) => options.split(',')[0]);
  name = name.replace(/\[!?([^\]]*)\]/g, (_, chars: string) => chars.replace(/^(.).*$/, '$1') || 'a');
  let first = true;
  name = name.replace(/\*+/g, () => {
    const part = first ? stem : number;
    first = false;
    return part;
  });
  name = name.replace(/\?/g, 'x');
  if (!/\.[A-Za-z0-9]+$/.test(name) && !name.includes('.')) name = `${name}.md`;
  return name;
}

/**
 * Forced failure: the first file an error check looks inside is written incomplete; when no check looks inside
 * any file, the first required file is left out instead.
 */
export function breakPlan(plan: FilePlan): FilePlan {
  const victim = plan.files.find((file) => file.checkedContent && (file.headings.length || file.texts.length || file.sources || file.regexLines.length || Object.keys(file.frontmatter).length || file.vizImplement || file.vizClaims));
  if (victim) return { ...plan, files: plan.files.map((file) => (file === victim ? { ...file, incomplete: true } : file)) };
  const required = plan.files.find((file) => file.required);
  if (required) return { ...plan, files: plan.files.filter((file) => file !== required), omitted: [required.path] };
  return plan;
}
