import { DOCUMENT } from '@angular/common';
import { computed, effect, inject, Injectable, signal, untracked } from '@angular/core';
import { Api, meCreateEventsStreamToken, runsGet } from '@esy/api-client';
import { AuthService } from '@esy/ui-auth';
import { firstValueFrom } from 'rxjs';
import { LiveEventClient } from '@esy/live-events';
import { toRunStreamEvent, type RunStreamEvent } from '../runs/run-events';
import {
  addNotification,
  EMPTY_STATE,
  isNotifying,
  markAllRead,
  markRead,
  parseState,
  seen,
  unreadCount,
  type NotificationState,
} from './notification-list';

const storageKey = (userId: string) => `esy.notifications.${userId}`;

/**
 * The notification centre: follows the signed-in user's feed of their own runs (`/api/me/events`) and turns a
 * pause, a completion or a failure into a notification. The list and its read state live in localStorage per user,
 * so they survive reloads and every tab shows the same (a tab hears the others through the `storage` event).
 * After a reload the feed replays from the last event seen, so what happened while no tab was open still arrives.
 */
@Injectable({ providedIn: 'root' })
export class NotificationsService {
  private readonly api = inject(Api);
  private readonly auth = inject(AuthService);
  private readonly window = inject(DOCUMENT).defaultView;
  private stream: LiveEventClient | null = null;
  private userId: string | null = null;

  readonly state = signal<NotificationState>(EMPTY_STATE);
  readonly items = computed(() => this.state().items);
  readonly unread = computed(() => unreadCount(this.state()));

  constructor() {
    effect(() => {
      const user = this.auth.isSignedIn() ? this.auth.user() : null;
      untracked(() => this.switchUser(user?.id ?? null));
    });
    this.window?.addEventListener('storage', (event) => {
      if (this.userId && event.key === storageKey(this.userId)) this.state.set(parseState(event.newValue));
    });
  }

  markRead(id: number): void {
    this.update((state) => markRead(state, id));
  }

  markAllRead(): void {
    this.update(markAllRead);
  }

  private switchUser(userId: string | null): void {
    if (userId === this.userId) return;
    this.stream?.stop();
    this.stream = null;
    this.userId = userId;
    if (!userId) {
      this.state.set(EMPTY_STATE);
      return;
    }
    this.state.set(parseState(this.read(userId)));
    // No EventSource (a server render, a test DOM): the stored list still shows, nothing new arrives.
    if (typeof EventSource === 'undefined') return;
    const stream = new LiveEventClient({
      lastEventId: this.state().lastEventId,
      connectUrl: async (lastEventId) => {
        const { token } = await firstValueFrom(this.api.invoke(meCreateEventsStreamToken));
        const params = new URLSearchParams({ token });
        if (lastEventId > 0) params.set('last_event_id', String(lastEventId));
        return `/api/me/events?${params}`;
      },
      onEvent: (event) => {
        const runEvent = toRunStreamEvent(event);
        if (runEvent) void this.onEvent(userId, runEvent);
      },
    });
    this.stream = stream;
    stream.start();
  }

  private async onEvent(userId: string, event: RunStreamEvent): Promise<void> {
    if (!isNotifying(event.type) || !event.runId) {
      this.update((state) => seen(state, event.id), userId);
      return;
    }
    const runId = event.runId;
    const runName = await firstValueFrom(this.api.invoke(runsGet, { id: runId }))
      .then((detail) => detail.run.display_name)
      .catch(() => null);
    this.update(
      (state) => addNotification(state, { id: event.id, runId, kind: event.type as never, runName, at: new Date(event.receivedAt).toISOString(), read: false }),
      userId,
    );
  }

  /** Applies a change to the latest stored state (another tab may have written since) and saves it. */
  private update(change: (state: NotificationState) => NotificationState, userId = this.userId): void {
    if (!userId || userId !== this.userId) return;
    // Start from what is stored: another tab may have added or read something since.
    const stored = this.read(userId);
    const next = change(stored !== null ? parseState(stored) : this.state());
    this.state.set(next);
    try {
      this.window?.localStorage.setItem(storageKey(userId), JSON.stringify(next));
    } catch {
      // Storage full or disabled: the list still works for this tab.
    }
  }

  private read(userId: string): string | null {
    try {
      return this.window?.localStorage.getItem(storageKey(userId)) ?? null;
    } catch {
      return null;
    }
  }
}
