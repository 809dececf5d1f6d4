import type { ContractValidation, Depth, GateContract } from '../content/contract-schema';

/** Turns a contract path into what the agent should write: variables resolved, `{client_component}` explained. */
export interface PathWording {
  artifactPath: string;
  slug: string;
  depth: Depth;
}

export function wordPath(template: string, vars: PathWording): string {
  const replaced = template
    .replace(/\{artifact_path\}/g, vars.artifactPath)
    .replace(/\{slug\}/g, vars.slug || '{slug}')
    .replace(/\{depth\}/g, vars.depth)
    .replace(/\{client_component\}/g, `${vars.artifactPath ? `${vars.artifactPath}/` : ''}<Name>Client.tsx`);
  const normalized = replaced.replace(/\/{2,}/g, '/').replace(/^\/+/, '').replace(/^\.\//, '');
  return normalized === '' ? '.' : normalized;
}

const code = (text: string) => `\`${text}\``;
const quoted = (items: readonly string[]) => items.map((item) => `"${item}"`).join(', ');

const SOURCE_FORMS = 'one `### ` heading per source (section titles such as `### Primary Sources` do not count), distinct URLs, `- **URL**:` / `- **Source**:` entries, or top-level `- ` bullets';

function describeValue(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/** One plain sentence per check, saying what must be true for it to pass. */
export function describeValidation(validation: ContractValidation, contract: GateContract, vars: PathWording): string {
  const path = (template: string) => code(wordPath(template, vars));
  const targets = (v: { target?: string; targets?: string[] }) => (v.targets ?? (v.target !== undefined ? [v.target] : [])).map(path).join(', ');
  switch (validation.type) {
    case 'file_exists':
      if (validation.target === 'all_required') return 'Every required output listed above exists.';
      if (validation.target === 'any_of') return `At least one of ${contract.required_outputs.any_of.map((o) => path(o.path)).join(', ')} exists.`;
      return `${path(validation.target)} exists.`;
    case 'dir_exists':
      return `The folder ${targets(validation)} exists and holds files.`;
    case 'min_file_count':
      return `The folder ${targets(validation)} holds at least ${validation.thresholds[vars.depth]} files matching ${code(validation.pattern)} (${vars.depth} depth).`;
    case 'min_sources':
      return `${targets(validation)} lists at least ${validation.thresholds[vars.depth]} sources (${vars.depth} depth) — ${SOURCE_FORMS}.`;
    case 'min_sources_any_of':
      return `At least one of ${validation.targets.map(path).join(', ')} lists at least ${validation.thresholds[vars.depth]} sources (${vars.depth} depth) — ${SOURCE_FORMS}.`;
    case 'contains_headings':
      return `${targets(validation)} contains each of ${quoted(validation.required_headings)} exactly as written (case-sensitive; put each in a heading).`;
    case 'contains_text':
      return `${targets(validation)} contains the exact text ${quoted(validation.patterns)}.`;
    case 'not_contains':
      return `${targets(validation)} does not contain the text "${validation.pattern}"${validation.missing_ok ? ' (the file may be absent)' : ' (and the file must exist)'}.`;
    case 'frontmatter_status': {
      const rules = Object.entries(validation.checks).map(([field, check]) => {
        if (check === null || typeof check !== 'object') return `${field} is ${describeValue(check)}`;
        const parts: string[] = [];
        if (check.not !== undefined) parts.push(`${field} is not ${Array.isArray(check.not) ? check.not.map(describeValue).join(' or ') : describeValue(check.not)}`);
        if (check.min !== undefined) parts.push(`${field} is a number of at least ${check.min}`);
        return parts.join(' and ');
      });
      return `${targets(validation)} starts with YAML front matter (between \`---\` lines) where ${rules.join(', ')}.`;
    }
    case 'regex_match':
      return validation.must_not_match
        ? `${targets(validation)} has no match for the regular expression /${validation.regex}/.`
        : `${targets(validation)} matches the regular expression /${validation.regex}/.`;
    case 'min_regex_count':
      return `${targets(validation)} has at least ${validation.min_count} matches of the regular expression /${validation.regex}/.`;
    case 'url_reachable':
      return (
        `Every URL in ${targets(validation)}${validation.url_pattern ? ` matching /${validation.url_pattern}/` : ''} answers HTTP 2xx ` +
        `(at most 5 redirects, 10 s each${validation.sample_size ? `, ${validation.sample_size} sampled` : ''}); at most ${validation.max_failures} may fail, and at least one URL must match. Use only real, working URLs.`
      );
    case 'viz_tech_match': {
      const implementation = Array.isArray(validation.implementation_target) ? validation.implementation_target : [validation.implementation_target];
      return (
        `Each visualization library claimed in ${path(validation.metadata_source)} (front matter \`libraries: [...]\` or ` +
        `\`visualizations: [{name, library}]\`) is both imported/loaded and actually rendered in ${implementation.map(path).join(', ')} or code files beside it.`
      );
    }
    case 'local_assets':
      return (
        `${targets(validation)} opens offline: every script, stylesheet, image, frame and module it loads is a file inside the package ` +
        '(a relative path to a file that exists, e.g. `vendor/d3.min.js` written beside the page), never an http(s):// or // URL. Links a reader clicks (`<a href>`) may point anywhere.'
      );
  }
}
