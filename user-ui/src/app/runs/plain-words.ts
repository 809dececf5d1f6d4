/**
 * Users never see gates, agents, models or contracts: this file turns the engine's vocabulary into plain words.
 */

// Said of every kind of piece (a brief has no visuals), so no phase promises what only essays do.
const PHASE_WORDS: Record<string, { title: string; doing: string; icon: string }> = {
  intake: { title: 'Understanding your brief', doing: 'Reading your brief and making sure we have what we need.', icon: 'assignment' },
  research: { title: 'Researching', doing: 'Gathering and checking sources for your piece.', icon: 'travel_explore' },
  spec: { title: 'Planning', doing: 'Shaping the outline and the story the piece will tell.', icon: 'edit_note' },
  design: { title: 'Designing', doing: 'Choosing the look: type, colour, images and visuals.', icon: 'palette' },
  production: { title: 'Writing', doing: 'Writing the text and putting the piece together.', icon: 'draw' },
  audit: { title: 'Quality checks', doing: 'Checking facts, citations and the writing against our quality bar.', icon: 'fact_check' },
  publication: { title: 'Final review', doing: 'Putting it all together and giving it a last look before it is yours.', icon: 'verified' },
};

const FALLBACK_PHASE = { title: 'Working', doing: 'Working on your piece.', icon: 'autorenew' };

/** A phase that comes back later in the pipeline (writing → checks → writing again) gets its own name. */
const PHASE_AGAIN_WORDS: Record<string, { title: string; doing: string }> = {
  production: { title: 'Finishing touches', doing: 'Completing the references and the last details.' },
  audit: { title: 'Final checks', doing: 'A last round of checks on citations, prose and the reading experience.' },
};

/** Words for a phase; `occurrence` counts from 1 when the same phase appears again later in the workflow. */
export function phaseWords(phase: string, occurrence = 1): { title: string; doing: string; icon: string } {
  const words = PHASE_WORDS[phase] ?? FALLBACK_PHASE;
  if (occurrence < 2) return words;
  const again = PHASE_AGAIN_WORDS[phase];
  return again ? { ...words, ...again } : { ...words, title: `${words.title} (continued)` };
}

/**
 * Plain names for the built-in pipelines' steps, whose names are the engine's ("Diagram-Code Reconciliation").
 * Keys are lower-case; a spec author's own step names fall through to the generic clean-up below.
 */
const PLAIN_STEP_NAMES: Record<string, string> = {
  'intake approval': 'Brief check',
  'research complete': 'Research',
  'source verification': 'Source check',
  'evidence map': 'Evidence map',
  'spec approval': 'Outline',
  'design research': 'Design research',
  'design research reconciliation': 'Design review',
  'image sourcing': 'Images',
  'visualization technology decision': 'Choosing the chart tools',
  'content complete': 'Writing the essay',
  'brief complete': 'Writing the brief',
  'visualization ambition audit': 'Visuals check',
  'design fidelity audit': 'Design check',
  'diagram-code reconciliation': 'Diagram check',
  'bibliography implementation': 'Bibliography',
  'citation audit': 'Citation check',
  'data integrity audit': 'Data check',
  'prose quality audit': 'Prose check',
  'scroll certification': 'Reading-experience check',
  'publication certification': 'Publication check',
  'publication approval': 'Sign-off',
};

/**
 * A step's name without process jargon: "Research Complete" → "Research", "Citation Audit" → "Citation check".
 * The words are the spec author's; we only drop the engine's bookkeeping suffixes.
 */
export function stepTitle(name: string): string {
  const known = PLAIN_STEP_NAMES[name.trim().toLowerCase()];
  if (known) return known;
  const cleaned = name
    .replace(/\b(complete|completed|approval|certification)\b/gi, '')
    .replace(/\baudit\b/gi, 'check')
    .replace(/\s{2,}/g, ' ')
    .trim();
  const title = cleaned || name;
  return title.charAt(0).toUpperCase() + title.slice(1);
}

export interface RunExplanation {
  title: string;
  message: string;
}

/** Why a run stopped, for the person who started it. The technical reason stays with the operators. */
export function explainPause(reason: string | null, stepName: string | null): RunExplanation {
  const step = stepName ? `the “${stepTitle(stepName)}” step` : 'one step';
  const text = reason ?? '';
  if (/BUDGET_EXCEEDED/.test(text)) {
    return {
      title: 'Paused: this run reached its spending limit',
      message: `We stopped at ${step} so it does not cost more than planned. Our team can raise the limit and continue it; nothing you have so far is lost.`,
    };
  }
  if (/TIMEOUT/.test(text)) {
    return {
      title: 'Paused: a step took too long',
      message: `${capitalise(step)} did not finish in time, even after retrying. It now waits in our team’s list of paused runs, where someone can pick it up from here; you do not need to start again. You will get a notification here (and an email, if you turned run emails on) when it moves on.`,
    };
  }
  return {
    title: 'Paused: a quality check did not pass',
    message: `${capitalise(step)} did not meet our quality bar after several tries, so we stopped rather than hand you something weaker. It now waits in our team’s list of paused runs, where someone can retry it; your run continues from this point, nothing is lost. You will get a notification here (and an email, if you turned run emails on) when it moves on.`,
  };
}

export function explainFailure(): RunExplanation {
  return {
    title: 'This run could not be finished',
    message: 'Something went wrong on our side and the run stopped. You were not charged for unfinished work. Start it again, or contact us if it keeps happening.',
  };
}

export function explainCancelled(): RunExplanation {
  return { title: 'This run was cancelled', message: 'It was stopped before it finished. Whatever was produced until then is kept below.' };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "3 min", "1 h 5 min", "45 s". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** "0:42", "12:05", "1:02:03" — a running clock. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}
