import type { MailMessage } from '../mail/mailer.service';

export const MAILED_RUN_EVENTS: ReadonlySet<string> = new Set(['run_paused', 'run_completed', 'run_failed']);

export interface MailedRun {
  id: string;
  display_name: string;
  email: string;
  pause_reason: string | null;
  error_message: string | null;
}

/** The email for a run that paused, completed or failed: what happened, and the link to the run. */
export function runUpdateMail(type: string, run: MailedRun, appUrl: string): MailMessage {
  const link = `${appUrl}/activity/${run.id}`;
  const [subject, line] =
    type === 'run_paused'
      ? [`Paused: ${run.display_name}`, `Your run "${run.display_name}" has paused and is waiting${run.pause_reason ? ` (${run.pause_reason})` : ''}. An administrator can resume it; nothing more happens until then.`]
      : type === 'run_completed'
        ? [`Ready: ${run.display_name}`, `Your run "${run.display_name}" has finished. Its files are ready to open and download.`]
        : [`Failed: ${run.display_name}`, `Your run "${run.display_name}" has stopped with an error${run.error_message ? `: ${run.error_message}` : '.'}`];
  return {
    to: run.email,
    subject,
    text: `${line}\n\nOpen the run: ${link}\n\nYou get these emails because run emails are on in your settings (${appUrl}/settings/notifications).`,
  };
}
