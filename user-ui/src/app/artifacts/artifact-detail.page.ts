import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatTab, MatTabGroup, MatTabLabel } from '@angular/material/tabs';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { loader, toApiProblem } from '@esy/api-client';
import { EmptyStateComponent, ErrorStateComponent, HtmlFrameComponent, LoadingStateComponent, PageHeaderComponent, saveFile } from '@esy/ui-kit';
import { firstValueFrom, of } from 'rxjs';
import { FilePreviewComponent } from './file-preview.component';
import { buildFileTree, findEssay, findMainDocument } from './file-tree';
import { FileTreeComponent } from './file-tree.component';
import { RunsData } from '../data/runs.data';
import type { ArtifactFile } from '../data/view-models';
import { phaseWords, stepTitle } from '../runs/plain-words';
import { typeLabel } from '../workflows/workflow-words';

/** A finished piece: the essay in a sandboxed frame, its research package, how it was made, and downloads. */
@Component({
  selector: 'esy-artifact-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DatePipe,
    RouterLink,
    MatButton,
    MatIcon,
    MatTabGroup,
    MatTab,
    MatTabLabel,
    PageHeaderComponent,
    LoadingStateComponent,
    ErrorStateComponent,
    EmptyStateComponent,
    HtmlFrameComponent,
    FileTreeComponent,
    FilePreviewComponent,
  ],
  templateUrl: './artifact-detail.page.html',
  styleUrl: './artifact-detail.page.scss',
})
export default class ArtifactDetailPage {
  private readonly runs = inject(RunsData);

  /** The run that produced the artifact (one finished run = one artifact with its package). */
  readonly id = input.required<string>();
  /** Query parameters, so a link opens a tab and a file of the package: `?tab=package&file=research/sources.md`. */
  readonly tab = input<string>();
  readonly file = input<string>();
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly run = loader({ params: () => this.id(), stream: (params) => this.runs.get(params) });
  protected readonly files = loader({ params: () => this.id(), stream: (params) => this.runs.artifacts(params) });
  protected readonly essay = computed(() => findEssay(this.files.data() ?? []));
  protected readonly essayHtml = loader({
    params: () => this.essay(),
    stream: (params) => (params ? this.runs.artifactText(params.id) : of(null)),
  });
  protected readonly tree = computed(() => buildFileTree(this.files.data() ?? []));
  protected readonly shown = computed(() => {
    const files = this.files.data() ?? [];
    return files.find((file) => file.path === this.file()) ?? findMainDocument(files);
  });
  /** Tabs on screen, in order: the essay tab only when there is an essay page. */
  protected readonly tabs = computed(() => [...(this.files.isLoading() || this.essay() ? ['essay'] : []), 'package', 'made']);
  protected readonly tabIndex = computed(() => {
    const wanted = this.tab() ?? (this.file() ? 'package' : this.tabs()[0]);
    return Math.max(0, this.tabs().indexOf(wanted));
  });
  protected readonly downloading = signal<string | null>(null);
  protected readonly downloadProblem = signal<string | null>(null);
  protected readonly loadProblem = computed(() => {
    const error = this.run.error() ?? this.files.error();
    return error ? toApiProblem(error) : null;
  });
  protected readonly phases = computed(() => {
    const steps = this.run.data()?.spec?.steps ?? [];
    return [...new Set(steps.map((step) => step.phase))].map((phase) => phaseWords(phase).title);
  });
  protected readonly typeLabel = typeLabel;
  protected readonly stepTitle = stepTitle;

  protected openFile(file: ArtifactFile): void {
    this.go({ tab: 'package', file: file.path });
  }

  protected showTab(index: number): void {
    if (index !== this.tabIndex()) this.go({ tab: this.tabs()[index] ?? null });
  }

  /** What is shown lives in the address (shareable, back/forward); the page keeps its scroll position. */
  private go(params: { tab?: string | null; file?: string | null }): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: params, queryParamsHandling: 'merge', scroll: 'manual' });
  }

  protected async downloadPackage(): Promise<void> {
    const run = this.run.data();
    if (!run) return;
    await this.download('package', () => firstValueFrom(this.runs.packageBlob(run.id)), `${slugify(run.title)}-package.zip`);
  }

  /** Named like the package's `deliverable/<slug>.html`, not after its workspace path (`index.html`). */
  protected async downloadEssay(file: ArtifactFile): Promise<void> {
    const slug = this.run.data()?.projectSlug;
    await this.download(file.id, () => firstValueFrom(this.runs.artifactBlob(file.id)), slug ? `${slug}.html` : file.name);
  }

  protected async downloadFile(file: ArtifactFile): Promise<void> {
    await this.download(file.id, () => firstValueFrom(this.runs.artifactBlob(file.id)), file.name);
  }

  private async download(key: string, fetchBlob: () => Promise<Blob>, name: string): Promise<void> {
    if (this.downloading()) return;
    this.downloading.set(key);
    this.downloadProblem.set(null);
    try {
      saveFile(await fetchBlob(), name);
    } catch (error) {
      this.downloadProblem.set(`The download did not work: ${toApiProblem(error).message}`);
    } finally {
      this.downloading.set(null);
    }
  }
}

function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'artifact'
  );
}
