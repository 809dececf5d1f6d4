import { addNotification, EMPTY_STATE, markAllRead, markRead, MAX_NOTIFICATIONS, notificationText, parseState, unreadCount, type RunNotification } from './notification-list';

const item = (id: number, over: Partial<RunNotification> = {}): RunNotification => ({
  id,
  runId: 'r1',
  kind: 'run_paused',
  runName: 'tidal power',
  at: '2026-01-01T00:00:00.000Z',
  read: false,
  ...over,
});

describe('notification list', () => {
  it('lists newest first, once per event, and counts the unread', () => {
    let state = addNotification(EMPTY_STATE, item(5));
    state = addNotification(state, item(9, { kind: 'run_completed' }));
    state = addNotification(state, item(5));
    expect(state.items.map((i) => i.id)).toEqual([9, 5]);
    expect(state.lastEventId).toBe(9);
    expect(unreadCount(state)).toBe(2);
    state = markRead(state, 5);
    expect(unreadCount(state)).toBe(1);
    expect(unreadCount(markAllRead(state))).toBe(0);
  });

  it('keeps the newest ones only', () => {
    let state = EMPTY_STATE;
    for (let id = 1; id <= MAX_NOTIFICATIONS + 5; id++) state = addNotification(state, item(id));
    expect(state.items).toHaveLength(MAX_NOTIFICATIONS);
    expect(state.items.at(-1)?.id).toBe(6);
  });

  it('reads stored state tolerantly', () => {
    expect(parseState('not json')).toEqual(EMPTY_STATE);
    expect(parseState(JSON.stringify({ items: [item(1), { id: 'x' }], lastEventId: 7 }))).toEqual({ items: [item(1)], lastEventId: 7 });
  });

  it('says what happened in plain words', () => {
    expect(notificationText(item(1)).title).toBe('“tidal power” paused and is waiting for our team');
    expect(notificationText(item(1, { kind: 'run_failed', runName: null })).title).toBe('Your run could not be finished');
  });
});
