import type { Params } from '@angular/router';

/**
 * What a run page shows, kept in its address so a link opens exactly that: `/runs/<id>?gate=G5&attempt=2&view=output`.
 * Each change is a navigation, so the browser's back and forward buttons step through what the operator looked at.
 */
export const RUN_SECTIONS = ['gates', 'trace', 'artifacts', 'cost', 'log'] as const;
export type RunSection = (typeof RUN_SECTIONS)[number];

/** The gate inspector's tabs, in their order on the page. */
export const GATE_VIEWS = ['checks', 'packet', 'output', 'files', 'diff', 'routing'] as const;
export type GateView = (typeof GATE_VIEWS)[number];

export interface RunLink {
  section?: RunSection;
  gate?: string | null;
  attempt?: number | null;
  view?: GateView;
  /** A workspace file whose history is open in the Artifacts section, its version shown and the one compared. */
  file?: string | null;
  version?: number | null;
  compare?: number | null;
}

export function sectionIndex(section: string | undefined): number {
  const index = RUN_SECTIONS.indexOf(section as RunSection);
  return index < 0 ? 0 : index;
}

export function viewIndex(view: string | undefined): number {
  const index = GATE_VIEWS.indexOf(view as GateView);
  return index < 0 ? 0 : index;
}

/** `?attempt=` (or `?version=`, `?compare=`) as a positive whole number, or null for "the latest". */
export function attemptNumber(raw: string | undefined): number | null {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : null;
}

/** Query parameters for a change; defaults are left out (null removes them) so links stay short. */
export function runLinkParams(link: RunLink): Params {
  const params: Params = {};
  if (link.section !== undefined) params['section'] = link.section === 'gates' ? null : link.section;
  if (link.gate !== undefined) params['gate'] = link.gate;
  if (link.attempt !== undefined) params['attempt'] = link.attempt;
  if (link.view !== undefined) params['view'] = link.view === 'checks' ? null : link.view;
  for (const key of ['file', 'version', 'compare'] as const) if (link[key] !== undefined) params[key] = link[key];
  return params;
}
