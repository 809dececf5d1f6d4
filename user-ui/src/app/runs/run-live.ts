import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { runStreamUrl, RunsData } from '../data/runs.data';
import { LiveEventClient, type LiveConnection } from '@esy/live-events';
import { toRunStreamEvent, type RunStreamEvent } from './run-events';
import { applyRunEvent, isFinished, type RunProgress } from './run-progress';

/**
 * Keeps one run's progress live: starts from the snapshot, then follows the stream until the run finishes or the
 * page goes away. Provided per page (`providers: [RunLive]`), so it dies with it.
 */
@Injectable()
export class RunLive {
  private readonly runs = inject(RunsData);
  private stream: LiveEventClient | null = null;

  readonly progress = signal<RunProgress | null>(null);
  readonly connection = signal<LiveConnection>('closed');
  /** True once the stream has been down for a couple of seconds: short blips are not worth a message. */
  readonly offline = signal(false);
  private offlineTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped when the run reaches an end state, so the page can load its results. */
  readonly finishedAt = signal<number | null>(null);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  follow(runId: string, initial: RunProgress): void {
    this.stop();
    this.progress.set(initial);
    if (isFinished(initial)) {
      this.finishedAt.set(Date.now());
      return;
    }
    this.stream = new LiveEventClient({
      lastEventId: initial.lastEventId,
      connectUrl: async (lastEventId) => runStreamUrl(runId, await firstValueFrom(this.runs.streamToken(runId)), lastEventId),
      onEvent: (event) => {
        const runEvent = toRunStreamEvent(event);
        if (runEvent) this.apply(runEvent);
      },
      onConnection: (state) => this.onConnection(state),
    });
    this.stream.start();
  }

  stop(): void {
    this.clearOfflineTimer();
    this.offline.set(false);
    this.stream?.stop();
    this.stream = null;
  }

  private onConnection(state: LiveConnection): void {
    this.connection.set(state);
    if (state === 'reconnecting') {
      this.offlineTimer ??= setTimeout(() => this.offline.set(true), 2500);
    } else {
      this.clearOfflineTimer();
      this.offline.set(false);
    }
  }

  private clearOfflineTimer(): void {
    if (this.offlineTimer !== null) clearTimeout(this.offlineTimer);
    this.offlineTimer = null;
  }

  private apply(event: RunStreamEvent): void {
    const current = this.progress();
    if (!current) return;
    const next = applyRunEvent(current, event);
    if (next === current) return;
    this.progress.set(next);
    if (isFinished(next)) {
      this.stop();
      this.finishedAt.set(Date.now());
    }
  }
}
