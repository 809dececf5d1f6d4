import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatPaginator, type PageEvent } from '@angular/material/paginator';
import { RouterLink } from '@angular/router';
import { loader, toApiProblem } from '@esy/api-client';
import { EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, PageHeaderComponent } from '@esy/ui-kit';
import { RunsData } from '../data/runs.data';
import { typeIcon, typeLabel } from '../workflows/workflow-words';

/** Everything the user's finished runs produced, as a grid: one card per finished piece. */
@Component({
  selector: 'esy-artifacts-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, RouterLink, MatButton, MatIcon, MatPaginator, PageHeaderComponent, EmptyStateComponent, ErrorStateComponent, LoadingStateComponent],
  template: `
    <div class="esy-page">
      <esy-page-header title="Artifacts" lead="Finished essays, research packages and infographics — read them here or download them." />
      @if (artifacts.isLoading() && !artifacts.hasValue()) {
        <esy-loading-state label="Loading your artifacts" shape="cards" [count]="6" />
      } @else if (artifacts.error()) {
        <esy-error-state title="Could not load your artifacts" [message]="problem()" (retry)="artifacts.reload()" />
      } @else if (total() > 0) {
        <ul class="esy-grid cards" aria-label="Artifacts">
          @for (run of artifacts.data()?.items; track run.id) {
            <li>
              <a class="card" [routerLink]="['/artifacts', run.id]" [attr.data-artifact]="run.id">
                <span class="cover" [attr.data-type]="run.templateType" aria-hidden="true"><mat-icon>{{ typeIcon(run.templateType) }}</mat-icon></span>
                <span class="kind">{{ typeLabel(run.templateType) }}</span>
                <span class="title">{{ run.title }}</span>
                <span class="meta">{{ run.templateName }} · {{ run.completedAt ?? run.createdAt | date: 'mediumDate' }}</span>
              </a>
            </li>
          }
        </ul>
        @if (total() > pageSize) {
          <mat-paginator [length]="total()" [pageIndex]="pageIndex()" [pageSize]="pageSize" [hidePageSize]="true" (page)="onPage($event)" aria-label="Pages of artifacts" />
        }
      } @else {
        <esy-empty-state
          icon="collections_bookmark"
          title="No artifacts yet"
          message="When a workflow finishes, the essay, research package or infographic it produced appears here."
        >
          <a mat-flat-button routerLink="/workflows">Start a workflow</a>
        </esy-empty-state>
      }
    </div>
  `,
  styleUrl: './artifacts.page.scss',
})
export default class ArtifactsPage {
  private readonly data = inject(RunsData);
  protected readonly pageSize = 24;
  protected readonly pageIndex = signal(0);
  protected readonly artifacts = loader({
    params: () => this.pageIndex(),
    stream: (params) => this.data.list({ status: 'completed', limit: this.pageSize, offset: params * this.pageSize }),
  });
  protected readonly total = computed(() => this.artifacts.data()?.total ?? 0);
  protected readonly problem = computed(() => (this.artifacts.error() ? toApiProblem(this.artifacts.error()).message : ''));
  protected readonly typeIcon = typeIcon;
  protected readonly typeLabel = typeLabel;

  protected onPage(event: PageEvent): void {
    this.pageIndex.set(event.pageIndex);
  }
}
