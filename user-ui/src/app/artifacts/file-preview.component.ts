import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { toApiProblem } from '@esy/api-client';
import { ErrorStateComponent, FileContentComponent, fileKind, LoadingStateComponent } from '@esy/ui-kit';
import { firstValueFrom } from 'rxjs';
import { RunsData } from '../data/runs.data';
import type { ArtifactFile } from '../data/view-models';

const MAX_PREVIEW_BYTES = 2 * 1024 * 1024;

/**
 * One file of the package: markdown rendered (sanitised), HTML pages in a sandboxed frame, drawings as images, other
 * text as is, anything else offered as a download.
 */
@Component({
  selector: 'esy-file-preview',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatIcon, LoadingStateComponent, ErrorStateComponent, FileContentComponent],
  template: `
    <div class="head">
      <h3>{{ file().path }}</h3>
      <button mat-stroked-button type="button" (click)="download.emit(file())"><mat-icon aria-hidden="true">download</mat-icon>Download</button>
    </div>
    @if (loading()) {
      <esy-loading-state label="Loading the file" shape="lines" [count]="5" />
    } @else if (problem(); as message) {
      <esy-error-state title="Could not open this file" [message]="message" [retryable]="false" />
    } @else if (content() !== null) {
      <esy-file-content [path]="file().path" [contentType]="file().contentType" [content]="content() ?? ''" />
    } @else {
      <p class="none">There is no preview for this kind of file. Download it to open it on your computer.</p>
    }
  `,
  styleUrl: './file-preview.component.scss',
})
export class FilePreviewComponent {
  private readonly runs = inject(RunsData);

  readonly file = input.required<ArtifactFile>();
  readonly download = output<ArtifactFile>();

  protected readonly loading = signal(false);
  protected readonly problem = signal<string | null>(null);
  protected readonly content = signal<string | null>(null);

  constructor() {
    effect(() => void this.load(this.file()));
  }

  private async load(file: ArtifactFile): Promise<void> {
    this.content.set(null);
    this.problem.set(null);
    if (fileKind(file.path, file.contentType) === 'binary' || file.sizeBytes > MAX_PREVIEW_BYTES) return;
    this.loading.set(true);
    try {
      const content = await firstValueFrom(this.runs.artifactText(file.id));
      if (this.file() !== file) return; // another file was chosen meanwhile
      this.content.set(content);
    } catch (error) {
      if (this.file() === file) this.problem.set(toApiProblem(error).message);
    } finally {
      if (this.file() === file) this.loading.set(false);
    }
  }
}
