import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { adminEventsCreateStreamToken, Api, RUN_EVENT_TYPES } from '@esy/api-client';
import { firstValueFrom, Observable, Subject } from 'rxjs';

/** One event of the all-runs stream (`GET /api/admin/events`), as the server writes it in `data:`. */
export interface AdminEvent {
  id: number | null;
  run_id: string;
  type: string;
  payload: Record<string, unknown>;
  created_at: string;
}

export type EventsConnection = 'connecting' | 'open' | 'reconnecting' | 'closed';

export function parseAdminEvent(data: string): AdminEvent | null {
  try {
    const value = JSON.parse(data) as Partial<AdminEvent>;
    if (!value || typeof value.run_id !== 'string' || typeof value.type !== 'string') return null;
    return {
      id: typeof value.id === 'number' ? value.id : null,
      run_id: value.run_id,
      type: value.type,
      payload: (value.payload as Record<string, unknown>) ?? {},
      created_at: typeof value.created_at === 'string' ? value.created_at : new Date().toISOString(),
    };
  } catch {
    return null;
  }
}

/**
 * The console's single live connection to every run. EventSource cannot send the bearer token, so each
 * (re)connection first asks for a one-minute stream token; on a drop we close it ourselves (the browser would retry
 * with the expired token) and reconnect with backoff, replaying from the last id seen. Opened lazily by the first
 * page that listens, shared by all of them.
 */
@Injectable({ providedIn: 'root' })
export class AdminEvents {
  private readonly api = inject(Api);
  private readonly subject = new Subject<AdminEvent>();
  private source: EventSource | null = null;
  private listeners = 0;
  private lastId = 0;
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  readonly connection = signal<EventsConnection>('closed');

  /** Events for as long as the calling component lives (pass its DestroyRef, or call inside an injection context). */
  events(destroyRef: DestroyRef = inject(DestroyRef)): Observable<AdminEvent> {
    this.listeners++;
    if (this.listeners === 1) void this.connect('connecting');
    destroyRef.onDestroy(() => {
      this.listeners--;
      if (this.listeners === 0) this.close();
    });
    return this.subject.asObservable();
  }

  private async connect(state: EventsConnection): Promise<void> {
    this.connection.set(state);
    let url: string;
    try {
      const token = await firstValueFrom(this.api.invoke(adminEventsCreateStreamToken));
      url = `${token.stream_url}${this.lastId ? `&last_event_id=${this.lastId}` : ''}`;
    } catch {
      this.retry();
      return;
    }
    if (this.listeners === 0) return;
    const source = new EventSource(url);
    this.source = source;
    source.onopen = () => {
      this.attempts = 0;
      this.connection.set('open');
    };
    source.onerror = () => {
      source.close();
      if (this.source === source) this.source = null;
      this.retry();
    };
    const deliver = (message: MessageEvent<string>) => {
      const event = parseAdminEvent(message.data);
      if (!event) return;
      if (event.id !== null) {
        if (event.id <= this.lastId) return; // a replayed duplicate
        this.lastId = event.id;
      }
      this.subject.next(event);
    };
    // EventSource only dispatches named events it has a listener for.
    for (const type of RUN_EVENT_TYPES) source.addEventListener(type, deliver);
    source.addEventListener('message', deliver);
  }

  private retry(): void {
    if (this.listeners === 0) return;
    this.connection.set('reconnecting');
    const delay = Math.min(1000 * 2 ** this.attempts, 15_000);
    this.attempts++;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect('reconnecting');
    }, delay);
  }

  private close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.source?.close();
    this.source = null;
    this.connection.set('closed');
  }
}
