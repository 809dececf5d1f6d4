/**
 * The notification centre's state, kept per user in localStorage so read/unread survives reloads and is shared by
 * the user's tabs. Pure functions: the service applies them and saves the result.
 */
export const NOTIFYING_EVENTS = ['run_paused', 'run_completed', 'run_failed'] as const;
export type NotifyingEvent = (typeof NOTIFYING_EVENTS)[number];

export interface RunNotification {
  /** The run event's id: unique, and what makes a replayed event arrive only once. */
  id: number;
  runId: string;
  kind: NotifyingEvent;
  /** The run's name when it could be read, else null (shown as "Your run"). */
  runName: string | null;
  at: string;
  read: boolean;
}

export interface NotificationState {
  items: RunNotification[];
  /** The newest event id seen: the stream replays from here after a reload, so nothing in between is missed. */
  lastEventId: number;
}

/** Older notifications fall off the end. */
export const MAX_NOTIFICATIONS = 50;

export const EMPTY_STATE: NotificationState = { items: [], lastEventId: 0 };

export function isNotifying(type: string): type is NotifyingEvent {
  return (NOTIFYING_EVENTS as readonly string[]).includes(type);
}

/** Adds one (newest first); an event already listed changes nothing. */
export function addNotification(state: NotificationState, item: RunNotification): NotificationState {
  const lastEventId = Math.max(state.lastEventId, item.id);
  if (state.items.some((existing) => existing.id === item.id)) return lastEventId === state.lastEventId ? state : { ...state, lastEventId };
  const items = [item, ...state.items].sort((a, b) => b.id - a.id).slice(0, MAX_NOTIFICATIONS);
  return { items, lastEventId };
}

export function markRead(state: NotificationState, id: number): NotificationState {
  if (!state.items.some((item) => item.id === id && !item.read)) return state;
  return { ...state, items: state.items.map((item) => (item.id === id ? { ...item, read: true } : item)) };
}

export function markAllRead(state: NotificationState): NotificationState {
  if (state.items.every((item) => item.read)) return state;
  return { ...state, items: state.items.map((item) => ({ ...item, read: true })) };
}

export function unreadCount(state: NotificationState): number {
  return state.items.filter((item) => !item.read).length;
}

export function seen(state: NotificationState, eventId: number): NotificationState {
  return eventId > state.lastEventId ? { ...state, lastEventId: eventId } : state;
}

/** "“tidal power” paused" and the like, in the user app's words. */
export function notificationText(item: RunNotification): { title: string; icon: string } {
  const name = item.runName ? `“${item.runName}”` : 'Your run';
  if (item.kind === 'run_paused') return { title: `${name} paused and is waiting for our team`, icon: 'pause_circle' };
  if (item.kind === 'run_completed') return { title: `${name} is ready`, icon: 'check_circle' };
  return { title: `${name} could not be finished`, icon: 'error' };
}

/** Reads stored state, tolerating anything (another version's shape, hand edits): the worst case is an empty list. */
export function parseState(raw: string | null): NotificationState {
  if (!raw) return EMPTY_STATE;
  try {
    const value = JSON.parse(raw) as Partial<NotificationState>;
    const items = Array.isArray(value.items)
      ? value.items.filter(
          (item): item is RunNotification =>
            typeof item === 'object' && item !== null && Number.isSafeInteger(item.id) && typeof item.runId === 'string' && isNotifying(item.kind) && typeof item.at === 'string',
        )
      : [];
    const lastEventId = Number.isSafeInteger(value.lastEventId) ? (value.lastEventId as number) : 0;
    return { items: items.slice(0, MAX_NOTIFICATIONS).map((item) => ({ ...item, read: item.read === true, runName: item.runName ?? null })), lastEventId };
  } catch {
    return EMPTY_STATE;
  }
}
