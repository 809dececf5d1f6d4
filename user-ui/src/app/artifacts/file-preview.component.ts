import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { toApiProblem } from '@esy/api-client';
import { ErrorStateComponent, LoadingStateComponent } from '@esy/ui-kit';
import { firstValueFrom } from 'rxjs';
import { RunsData } from '../data/runs.data';
import type { ArtifactFile } from '../data/view-models';
import { isMarkdown, isText } from './file-tree';
import { MarkdownRenderer } from './markdown-renderer';

const MAX_PREVIEW_BYTES = 2 * 1024 * 1024;

/** One file of the package: markdown rendered (sanitised), other text as is, anything else offered as a download. */
@Component({
  selector: 'esy-file-preview',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatIcon, LoadingStateComponent, ErrorStateComponent],
  template: `
    <div class="head">
      <h3>{{ file().path }}</h3>
      <button mat-stroked-button type="button" (click)="download.emit(file())"><mat-icon aria-hidden="true">download</mat-icon>Download</button>
    </div>
    @if (loading()) {
      <esy-loading-state label="Loading the file" shape="lines" [count]="5" />
    } @else if (problem(); as message) {
      <esy-error-state title="Could not open this file" [message]="message" [retryable]="false" />
    } @else if (html() !== null) {
      <article class="markdown" [innerHTML]="html()" data-testid="markdown-preview"></article>
    } @else if (text() !== null) {
      <pre>{{ text() }}</pre>
    } @else {
      <p class="none">There is no preview for this kind of file. Download it to open it on your computer.</p>
    }
  `,
  styleUrl: './file-preview.component.scss',
})
export class FilePreviewComponent {
  private readonly runs = inject(RunsData);
  private readonly markdown = inject(MarkdownRenderer);

  readonly file = input.required<ArtifactFile>();
  readonly download = output<ArtifactFile>();

  protected readonly loading = signal(false);
  protected readonly problem = signal<string | null>(null);
  protected readonly html = signal<string | null>(null);
  protected readonly text = signal<string | null>(null);

  constructor() {
    effect(() => void this.load(this.file()));
  }

  private async load(file: ArtifactFile): Promise<void> {
    this.html.set(null);
    this.text.set(null);
    this.problem.set(null);
    if (!isText(file) || file.sizeBytes > MAX_PREVIEW_BYTES) return;
    this.loading.set(true);
    try {
      const content = await firstValueFrom(this.runs.artifactText(file.id));
      if (this.file() !== file) return; // another file was chosen meanwhile
      if (isMarkdown(file)) this.html.set(await this.markdown.render(content));
      else this.text.set(content);
    } catch (error) {
      if (this.file() === file) this.problem.set(toApiProblem(error).message);
    } finally {
      if (this.file() === file) this.loading.set(false);
    }
  }
}
