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

  constructor(
    private readonly vars: TemplateVars,
    private readonly view: WorkspaceView,
  ) {}

  get artifactPath(): string {
    return this.vars.artifactPath;
  }

  /** The first `*Client.tsx|jsx` in the artifact folder: shallowest first, then by name. */
  findClientComponent(): Promise<string | null> {
    this.clientComponent ??= this.view.list(this.vars.artifactPath).then((paths) => {
      const candidates = paths.filter((path) => CLIENT_COMPONENT.test(nodePath.posix.basename(path)));
      candidates.sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0));
      return candidates[0] ?? null;
    });
    return this.clientComponent;
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
            return { ok: false, reason: `{client_component}: no *Client.tsx or *Client.jsx in ${describeDir(this.vars.artifactPath)}`, contract: false };
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
