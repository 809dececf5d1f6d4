import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { runStreamUrl, RunsData } from '../data/runs.data';
import type { RunStreamEvent } from './run-events';
import { applyRunEvent, isFinished, type RunProgress } from './run-progress';
import { RunStream, type StreamConnection } from './run-stream';

/**
 * Keeps one run's progress live: starts from the snapshot, then follows the stream until the run finishes or the
 * page goes away. Provided per page (`providers: [RunLive]`), so it dies with it.
 */
@Injectable()
export class RunLive {
  private readonly runs = inject(RunsData);
  private stream: RunStream | null = null;
  private readonly onOnline = () => this.stream?.reconnectNow();

  readonly progress = signal<RunProgress | null>(null);
  readonly connection = signal<StreamConnection>('closed');
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
    this.stream = new RunStream({
      runId,
      lastEventId: initial.lastEventId,
      fetchToken: (id) => firstValueFrom(this.runs.streamToken(id)),
      streamUrl: runStreamUrl,
      openEventSource: (url) => new EventSource(url),
      onEvent: (event) => this.apply(event),
      onConnection: (state) => this.onConnection(state),
    });
    this.stream.start();
    window.addEventListener('online', this.onOnline);
  }

  stop(): void {
    window.removeEventListener('online', this.onOnline);
    this.clearOfflineTimer();
    this.offline.set(false);
    this.stream?.stop();
    this.stream = null;
  }

  private onConnection(state: StreamConnection): void {
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
