import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { loader, toApiProblem } from '@esy/api-client';
import { EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, PageHeaderComponent } from '@esy/ui-kit';
import { WorkflowsData } from '../data/workflows.data';

/** Read-only list of the specs behind the workflows: the exact, versioned recipe each run follows. */
@Component({
  selector: 'esy-specs-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, RouterLink, MatIcon, PageHeaderComponent, EmptyStateComponent, ErrorStateComponent, LoadingStateComponent],
  template: `
    <div class="esy-page">
      <esy-page-header
        title="Specs"
        lead="A spec is the exact, versioned recipe behind a workflow: its steps, its quality checks and what it promises. Runs keep the version they started with."
      />
      @if (specs.isLoading() && !specs.hasValue()) {
        <esy-loading-state label="Loading specs" shape="rows" [count]="4" />
      } @else if (specs.error()) {
        <esy-error-state title="Could not load specs" [message]="problem()" (retry)="specs.reload()" />
      } @else if (specs.data()?.items?.length) {
        <ul class="specs" aria-label="Specs">
          @for (spec of specs.data()?.items; track spec.id) {
            <li>
              <a [routerLink]="['/specs', spec.id]" [attr.data-spec]="spec.id">
                <mat-icon aria-hidden="true">description</mat-icon>
                <span class="main">
                  <span class="name">{{ spec.templateName ?? 'Workflow spec' }}</span>
                  <span class="sub">Version {{ spec.version }}{{ spec.outputFormats.length ? ' · delivers ' + spec.outputFormats.join(', ') : '' }}</span>
                </span>
                @if (spec.active) {
                  <span class="in-use">In use</span>
                }
                @if (spec.createdAt) {
                  <span class="date">{{ spec.createdAt | date: 'mediumDate' }}</span>
                }
                <mat-icon aria-hidden="true">chevron_right</mat-icon>
              </a>
            </li>
          }
        </ul>
      } @else {
        <esy-empty-state icon="description" title="No specs published" message="Specs appear here when workflows are published." />
      }
    </div>
  `,
  styles: `
    .specs {
      margin: 0;
      padding: 0;
      list-style: none;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-large);
      overflow: hidden;
      background: var(--mat-sys-surface-container-lowest);
    }
    li + li {
      border-top: 1px solid var(--mat-sys-outline-variant);
    }
    a {
      display: flex;
      align-items: center;
      gap: 1rem;
      padding: 0.9rem 1rem;
      color: inherit;
      text-decoration: none;
    }
    a:hover {
      background: var(--mat-sys-surface-container);
    }
    a > mat-icon:first-child {
      color: var(--mat-sys-primary);
    }
    .main {
      display: grid;
      flex: 1;
      min-width: 0;
    }
    .name {
      font: var(--mat-sys-title-small);
    }
    .in-use {
      padding: 0.1rem 0.55rem;
      border-radius: 999px;
      background: var(--esy-success-container);
      color: var(--esy-on-success-container);
      font: var(--mat-sys-label-small);
    }
    .sub,
    .date {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export default class SpecsPage {
  private readonly data = inject(WorkflowsData);
  protected readonly specs = loader({ stream: () => this.data.specs() });
  protected readonly problem = computed(() => (this.specs.error() ? toApiProblem(this.specs.error()).message : ''));
}
