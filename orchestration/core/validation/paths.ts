import * as nodePath from 'node:path';
import type { Depth } from '../content/contract-schema';
import { normalizeWorkspacePath } from './workspace-reader';
import type { WorkspaceView } from './workspace-view';

/**
 * Contract paths → workspace paths, the one way for both the server and the CLI:
 *   1. template variables are substituted: `{artifact_path}` (the artifact folder relative to the reader's root —
 *      '' in a run, `--dir` relative to `--root` in the CLI), `{slug}`, `{depth}`, `{client_component}`;
 *   2. the result is normalised; a leading `/` is dropped, so every path is relative to the reader's root.
 * Paths without `{artifact_path}` are therefore relative to the root (`--root` in the CLI).
 */
export interface TemplateVars {
  artifactPath: string;
  slug: string;
  depth: Depth;
}

export type ExpandedPath =
  | { ok: true; path: string }
  /** `contract` = the contract is at fault (unknown variable); otherwise the workspace lacks something. */
  | { ok: false; reason: string; contract: boolean };

const VARIABLE = /\{([a-z_]+)\}/g;
const CLIENT_COMPONENT = /Client\.(tsx|jsx)$/;

export class PathResolver {
  private clientComponent?: Promise<string | null>;

  /** `anyOfOutputs`: the contract's any_of output paths, the stand-in for a missing `{client_component}`. */
  constructor(
    private readonly vars: TemplateVars,
    private readonly view: WorkspaceView,
    private readonly anyOfOutputs: readonly string[] = [],
  ) {}

  get artifactPath(): string {
    return this.vars.artifactPath;
  }

  /**
   * The first `*Client.tsx|jsx` (by name) directly in the artifact folder — never in a sub-folder, as in Esy's
   * validator; when there is none, the first existing any_of output stands in.
   */
  findClientComponent(): Promise<string | null> {
    this.clientComponent ??= this.locateClientComponent();
    return this.clientComponent;
  }

  private async locateClientComponent(): Promise<string | null> {
    const folder = this.vars.artifactPath;
    const direct = (await this.view.list(folder))
      .filter((path) => (nodePath.posix.dirname(path) === '.' ? '' : nodePath.posix.dirname(path)) === folder)
      .filter((path) => CLIENT_COMPONENT.test(nodePath.posix.basename(path)))
      .sort();
    if (direct.length) return direct[0];
    for (const output of this.anyOfOutputs) {
      if (output.includes('{client_component}')) continue;
      const expanded = await this.expand(output);
      if (expanded.ok && (await this.view.exists(expanded.path))) return expanded.path;
    }
    return null;
  }

  /**
   * Substitutes the template variables in a text value (`patterns[]`, `pattern`): a check for `"{slug}"` looks for
   * the run's slug. Braces that are not a known variable stay as written (code such as `{children}` is common).
   */
  async expandText(text: string): Promise<string> {
    let result = '';
    let last = 0;
    for (const match of text.matchAll(VARIABLE)) {
      const value = await this.textValue(match[1]);
      result += text.slice(last, match.index) + (value ?? match[0]);
      last = match.index! + match[0].length;
    }
    return result + text.slice(last);
  }

  private async textValue(name: string): Promise<string | null> {
    switch (name) {
      case 'artifact_path':
        return this.vars.artifactPath;
      case 'slug':
        return this.vars.slug || null;
      case 'depth':
        return this.vars.depth;
      case 'client_component':
        return this.findClientComponent();
      default:
        return null;
    }
  }

  async expand(template: string): Promise<ExpandedPath> {
    const names = [...template.matchAll(VARIABLE)].map((match) => match[1]);
    const values: Record<string, string> = {};
    for (const name of new Set(names)) {
      switch (name) {
        case 'artifact_path':
          values[name] = this.vars.artifactPath;
          break;
        case 'slug':
          if (!this.vars.slug) return { ok: false, reason: '{slug} is not set (give a slug)', contract: false };
          values[name] = this.vars.slug;
          break;
        case 'depth':
          values[name] = this.vars.depth;
          break;
        case 'client_component': {
          const found = await this.findClientComponent();
          if (!found) {
            return { ok: false, reason: `{client_component}: no *Client.tsx or *Client.jsx directly in ${describeDir(this.vars.artifactPath)} and no any_of output exists`, contract: false };
          }
          values[name] = found;
          break;
        }
        default:
          return {
            ok: false,
            reason: `unknown template variable {${name}} (expected {artifact_path}, {slug}, {depth} or {client_component})`,
            contract: true,
          };
      }
    }
    return { ok: true, path: normalizeWorkspacePath(template.replace(VARIABLE, (_, name: string) => values[name])) };
  }

  /** Substitutes variables in a pre-script argument; `{artifact_path}` becomes `.` for the root. */
  expandArgument(argument: string): string {
    return argument.replace(VARIABLE, (whole, name: string) => {
      if (name === 'artifact_path') return this.vars.artifactPath || '.';
      if (name === 'slug') return this.vars.slug;
      if (name === 'depth') return this.vars.depth;
      return whole;
    });
  }
}

export function describeDir(path: string): string {
  return path === '' ? 'the workspace root' : `${path}/`;
}
