import { inject, Injectable } from '@angular/core';
import {
  Api,
  artifactsDownload,
  artifactsGet,
  runsCancel,
  runsCreate,
  runsCreateStreamToken,
  runsGet,
  runsList,
  runsListArtifacts,
  runsPackage,
  type RunsList$Params,
} from '@esy/api-client';
import { map, type Observable } from 'rxjs';
import type { IntentValue } from '../intake/intent-field';
import { toArtifactFile, toRunDetail, toRunSummary } from './mappers';
import type { ArtifactFile, Page, RunDetailView, RunSummary } from './view-models';

export type RunQuery = RunsList$Params;

/** The signed-in user's runs, their live-stream tokens and their files. */
@Injectable({ providedIn: 'root' })
export class RunsData {
  private readonly api = inject(Api);

  list(query: RunQuery = {}): Observable<Page<RunSummary>> {
    return this.api.invoke(runsList, query).pipe(map((body) => ({ items: body.runs.map(toRunSummary), total: body.total })));
  }

  /** Just the count for a status (dashboard numbers). */
  count(status?: RunQuery['status']): Observable<number> {
    return this.list({ status, limit: 1 }).pipe(map((page) => page.total));
  }

  get(id: string): Observable<RunDetailView> {
    return this.api.invoke(runsGet, { id }).pipe(map(toRunDetail));
  }

  create(specId: string, intent: Record<string, IntentValue>): Observable<{ id: string }> {
    return this.api.invoke(runsCreate, { body: { spec_id: specId, intent } }).pipe(map((body) => ({ id: body.run.id })));
  }

  /** Cancels the user's own pending, running or paused run (recorded with who). */
  cancel(id: string): Observable<void> {
    return this.api.invoke(runsCancel, { id, body: {} }).pipe(map(() => undefined));
  }

  streamToken(runId: string): Observable<string> {
    return this.api.invoke(runsCreateStreamToken, { id: runId }).pipe(map((body) => body.token));
  }

  artifacts(runId: string): Observable<ArtifactFile[]> {
    return this.api.invoke(runsListArtifacts, { id: runId }).pipe(map((body) => body.artifacts.map(toArtifactFile)));
  }

  /** A file's text (essay HTML, markdown). */
  artifactText(artifactId: string): Observable<string> {
    return this.api.invoke(artifactsGet, { id: artifactId }).pipe(map((body) => body.content));
  }

  artifactBlob(artifactId: string): Observable<Blob> {
    return this.api.invoke(artifactsDownload, { id: artifactId });
  }

  packageBlob(runId: string): Observable<Blob> {
    return this.api.invoke(runsPackage, { id: runId });
  }
}

/** URL of a run's live stream for a token; `last_event_id` asks the server to replay only what came after it. */
export function runStreamUrl(runId: string, token: string, lastEventId: number): string {
  const params = new URLSearchParams({ token });
  if (lastEventId > 0) params.set('last_event_id', String(lastEventId));
  return `/api/runs/${encodeURIComponent(runId)}/stream?${params}`;
}
