import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatFormField, MatLabel, MatPrefix } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { ActivatedRoute, Router } from '@angular/router';
import { loader, toApiProblem } from '@esy/api-client';
import { EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, PageHeaderComponent } from '@esy/ui-kit';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';
import type { WorkflowDepth, WorkflowType } from '../data/view-models';
import { WorkflowsData } from '../data/workflows.data';
import { WorkflowCardComponent } from './workflow-card.component';

type TypeFilter = '' | WorkflowType;
type DepthFilter = '' | WorkflowDepth;

/** Template browser: search and filter by type and depth; filters live in the URL so they survive a reload. */
@Component({
  selector: 'esy-workflows-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    PageHeaderComponent,
    EmptyStateComponent,
    ErrorStateComponent,
    LoadingStateComponent,
    WorkflowCardComponent,
    MatFormField,
    MatLabel,
    MatPrefix,
    MatInput,
    MatIcon,
    MatButton,
    MatButtonToggleGroup,
    MatButtonToggle,
  ],
  templateUrl: './workflows.page.html',
  styleUrl: './workflows.page.scss',
})
export default class WorkflowsPage {
  private readonly data = inject(WorkflowsData);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly types: readonly { value: TypeFilter; label: string }[] = [
    { value: '', label: 'All' },
    { value: 'visual-essay', label: 'Essays' },
    { value: 'infographic', label: 'Infographics' },
    { value: 'research', label: 'Research' },
  ];
  protected readonly depths: readonly { value: DepthFilter; label: string }[] = [
    { value: '', label: 'Any depth' },
    { value: 'quick', label: 'Quick' },
    { value: 'standard', label: 'Standard' },
    { value: 'deep', label: 'Deep' },
  ];

  private readonly initial = this.route.snapshot.queryParamMap;
  protected readonly filters = new FormGroup({
    search: new FormControl(this.initial.get('search') ?? '', { nonNullable: true }),
    type: new FormControl<TypeFilter>((this.initial.get('type') as TypeFilter) ?? '', { nonNullable: true }),
    depth: new FormControl<DepthFilter>((this.initial.get('depth') as DepthFilter) ?? '', { nonNullable: true }),
  });

  /** Typing waits a moment before searching; toggles apply at once (the debounce is short enough for both). */
  private readonly applied = toSignal(
    this.filters.valueChanges.pipe(
      debounceTime(250),
      map(() => this.filters.getRawValue()),
      distinctUntilChanged((a, b) => a.search.trim() === b.search.trim() && a.type === b.type && a.depth === b.depth),
    ),
    { initialValue: this.filters.getRawValue() },
  );

  protected readonly workflows = loader({
    params: () => this.applied(),
    stream: (params) => {
      void this.router.navigate([], {
        relativeTo: this.route,
        queryParams: { search: params.search.trim() || null, type: params.type || null, depth: params.depth || null },
        replaceUrl: true,
      });
      return this.data.list(params);
    },
  });

  protected readonly isFiltered = computed(() => {
    const { search, type, depth } = this.applied();
    return !!(search.trim() || type || depth);
  });
  protected readonly count = computed(() => this.workflows.data()?.length ?? 0);
  protected readonly problem = computed(() => (this.workflows.error() ? toApiProblem(this.workflows.error()).message : ''));

  protected clear(): void {
    this.filters.setValue({ search: '', type: '', depth: '' });
  }
}
