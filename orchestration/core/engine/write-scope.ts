/**
 * Write scopes (SPEC section 6): a stage may write only the files it owns — its contract's outputs (required
 * outputs, the files a `min_file_count` check asks it to create, the `{client_component}` its checks read) — and the earlier files its workflow stage
 * lists in `may_modify` (globs; default none). An audit gate therefore writes only its reports. What a gate proved
 * cannot be undone by a later stage that was never allowed to touch the file.
 */
import * as nodePath from 'node:path';
import picomatch from 'picomatch';
import type { ContractValidation, Depth, GateContract } from '../content/contract-schema';

export interface WriteScope {
  /** Paths and globs from the contract (template variables resolved). */
  owned: string[];
  /** The stage's `may_modify` globs. */
  mayModify: string[];
}

export interface ScopeVars {
  slug: string;
  depth: Depth;
}

/** A contract path → a workspace path or glob; `{client_component}` is any `*Client.tsx|jsx` at the root. */
export function scopePath(template: string, vars: ScopeVars): string {
  const replaced = template
    .replace(/\{artifact_path\}\/?/g, '')
    .replace(/\{slug\}/g, vars.slug)
    .replace(/\{depth\}/g, vars.depth)
    .replace(/\{client_component\}/g, '*Client.{tsx,jsx}');
  const normalized = nodePath.posix.normalize(replaced.replace(/\\/g, '/')).replace(/^\/+/, '').replace(/\/+$/, '');
  return normalized === '.' ? '' : normalized.replace(/^\.\//, '');
}

export function writeScopeFor(contract: GateContract | null, mayModify: readonly string[] | undefined, vars: ScopeVars): WriteScope {
  const owned = new Set<string>();
  for (const output of [...(contract?.required_outputs.all_of ?? []), ...(contract?.required_outputs.any_of ?? [])]) owned.add(scopePath(output.path, vars));
  for (const validation of contract?.validations ?? []) {
    if (validation.type !== 'min_file_count') continue;
    for (const target of validation.targets ?? (validation.target !== undefined ? [validation.target] : [])) {
      const dir = scopePath(target, vars);
      owned.add(dir ? `${dir}/${validation.pattern}` : validation.pattern);
    }
  }
  // Esy contracts check the page's client component through {client_component}: the stage writes it.
  if (contract && JSON.stringify(contract.validations).includes('{client_component}')) owned.add(scopePath('{client_component}', vars));
  owned.delete('');
  return { owned: [...owned], mayModify: [...(mayModify ?? [])] };
}

/** True when the stage may write `path` (a normalised workspace path). */
export function scopeAllows(scope: WriteScope, path: string): boolean {
  return [...scope.owned, ...scope.mayModify].some((pattern) => pattern === path || matcherOf(pattern)(path));
}

/**
 * Compiled globs by pattern. Every attempt checks every other gate's contract files against its scope, and compiling
 * the same few dozen patterns again each time was a visible share of an attempt's CPU. Bounded.
 */
const matchers = new Map<string, (path: string) => boolean>();
function matcherOf(pattern: string): (path: string) => boolean {
  let matcher = matchers.get(pattern);
  if (!matcher) {
    if (matchers.size >= 1_000) matchers.clear();
    matcher = picomatch(pattern, { dot: true });
    matchers.set(pattern, matcher);
  }
  return matcher;
}

/** The error the model reads when a write is refused: what it may write instead. */
export function describeRefusal(scope: WriteScope, path: string): string {
  const owned = scope.owned.length ? scope.owned.join(', ') : 'nothing';
  const modify = scope.mayModify.length ? scope.mayModify.join(', ') : 'none';
  return (
    `"${path}" is outside this stage's write scope. This stage owns: ${owned}; it may modify: ${modify}. ` +
    'Earlier stages\' files that are not listed are read-only here (what an earlier gate verified must stay as it passed).'
  );
}

/** The file targets a validation reads (paths with template variables resolved). */
export function validationFiles(validation: ContractValidation, vars: ScopeVars): string[] {
  const paths: string[] = [];
  if (validation.type === 'viz_tech_match') {
    const implementations = Array.isArray(validation.implementation_target) ? validation.implementation_target : [validation.implementation_target];
    paths.push(validation.metadata_source, ...implementations);
  } else if (validation.type === 'file_exists') {
    if (validation.target !== 'all_required' && validation.target !== 'any_of') paths.push(validation.target);
  } else if (validation.type !== 'dir_exists' && validation.type !== 'min_file_count') {
    const targeted = validation as { target?: string; targets?: string[] };
    paths.push(...(targeted.targets ?? (targeted.target !== undefined ? [targeted.target] : [])));
  }
  return paths.map((path) => scopePath(path, vars));
}
