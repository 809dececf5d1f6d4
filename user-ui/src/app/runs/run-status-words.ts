/** Run statuses in the words a user reads (the status badge's tone and icon stay the shared ones). */
const LABELS: Record<string, string> = {
  pending: 'Queued',
  running: 'In progress',
  paused: 'Paused',
  completed: 'Ready',
  failed: 'Stopped',
  cancelled: 'Cancelled',
};

export function runStatusLabel(status: string): string {
  return LABELS[status] ?? status;
}
