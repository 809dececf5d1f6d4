import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { adminEventsCreateStreamToken, Api } from '@esy/api-client';
import { LiveEventClient, type LiveConnection, type LiveEvent } from '@esy/live-events';
import { firstValueFrom, Observable, Subject } from 'rxjs';

/** One event of the all-runs stream (`GET /api/admin/events`), as the server writes it in `data:`. */
export interface AdminEvent {
  /** Null for streamed model text (`gate_output`), which is live-only. */
  id: number | null;
  run_id: string;
  type: string;
  payload: Record<string, unknown>;
  created_at: string;
}

export type EventsConnection = LiveConnection;

function toAdminEvent(event: LiveEvent): AdminEvent | null {
  if (!event.runId) return null;
  return { id: event.id, run_id: event.runId, type: event.type, payload: event.payload, created_at: event.createdAt ?? new Date(event.receivedAt).toISOString() };
}

/**
 * The console's single live connection to every run (the shared client of `@esy/live-events`: a fresh stream token
 * per connection, backoff, replay from the last id seen). Opened lazily by the first page that listens, shared by
 * all of them, closed when the last one goes away.
 */
@Injectable({ providedIn: 'root' })
export class AdminEvents {
  private readonly api = inject(Api);
  private readonly subject = new Subject<AdminEvent>();
  private listeners = 0;
  /** Kept across closes, so reopening resumes after the last event seen. */
  private lastEventId = 0;
  private client: LiveEventClient | null = null;

  readonly connection = signal<EventsConnection>('closed');

  /** Events for as long as the calling component lives (pass its DestroyRef, or call inside an injection context). */
  events(destroyRef: DestroyRef = inject(DestroyRef)): Observable<AdminEvent> {
    this.listeners++;
    if (this.listeners === 1) this.open();
    destroyRef.onDestroy(() => {
      this.listeners--;
      if (this.listeners === 0) this.close();
    });
    return this.subject.asObservable();
  }

  private open(): void {
    const client = new LiveEventClient({
      lastEventId: this.lastEventId,
      connectUrl: async (lastEventId) => {
        const token = await firstValueFrom(this.api.invoke(adminEventsCreateStreamToken));
        return `${token.stream_url}${lastEventId ? `&last_event_id=${lastEventId}` : ''}`;
      },
      onEvent: (event) => {
        const adminEvent = toAdminEvent(event);
        if (adminEvent) this.subject.next(adminEvent);
      },
      onConnection: (state) => this.connection.set(state),
      maxDelayMs: 15_000,
    });
    this.client = client;
    client.start();
  }

  private close(): void {
    if (!this.client) return;
    this.lastEventId = this.client.lastEventId;
    this.client.stop();
    this.client = null;
  }
}
