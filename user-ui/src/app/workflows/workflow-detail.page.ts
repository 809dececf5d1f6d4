import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatProgressBar } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { loader, toApiProblem } from '@esy/api-client';
import { ErrorStateComponent, LoadingStateComponent, PageHeaderComponent } from '@esy/ui-kit';
import { firstValueFrom } from 'rxjs';
import { RunsData } from '../data/runs.data';
import { WorkflowsData } from '../data/workflows.data';
import { applyIntentFieldErrors, buildIntakeForm, intentFromForm, type IntakeForm } from '../intake/intake-form';
import { IntakeFieldsComponent } from '../intake/intake-fields.component';
import { formatDuration, stepTitle } from '../runs/plain-words';
import { groupByPhase } from './phase-outline';
import { depthLabel, typeIcon, typeLabel } from './workflow-words';

/** One template: what you get, how it works, and the intake form that starts a run. */
@Component({
  selector: 'esy-workflow-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButton,
    MatIcon,
    MatProgressBar,
    PageHeaderComponent,
    LoadingStateComponent,
    ErrorStateComponent,
    IntakeFieldsComponent,
  ],
  templateUrl: './workflow-detail.page.html',
  styleUrl: './workflow-detail.page.scss',
})
export default class WorkflowDetailPage {
  private readonly data = inject(WorkflowsData);
  private readonly runs = inject(RunsData);
  private readonly router = inject(Router);

  readonly slug = input.required<string>();

  protected readonly workflow = loader({ params: () => this.slug(), stream: (params) => this.data.get(params) });
  protected readonly spec = computed(() => this.workflow.data()?.spec ?? null);
  protected readonly fields = computed(() => this.spec()?.intentFields ?? []);
  protected readonly phases = computed(() => groupByPhase(this.spec()?.steps ?? []));
  protected readonly form = signal<IntakeForm>(buildIntakeForm([]));
  protected readonly submitting = signal(false);
  protected readonly problem = signal<string | null>(null);
  protected readonly loadProblem = computed(() => (this.workflow.error() ? toApiProblem(this.workflow.error()) : null));

  protected readonly typeLabel = typeLabel;
  protected readonly typeIcon = typeIcon;
  protected readonly depthLabel = depthLabel;
  protected readonly stepTitle = stepTitle;
  protected readonly formatDuration = formatDuration;

  constructor() {
    // A new spec (another workflow, or a reload) gets a fresh form with that spec's defaults.
    effect(() => this.form.set(buildIntakeForm(this.fields())));
  }

  protected async start(): Promise<void> {
    const spec = this.spec();
    const form = this.form();
    if (!spec || this.submitting()) return;
    this.problem.set(null);
    form.markAllAsTouched();
    if (form.invalid) {
      this.problem.set('Some answers need another look — see the highlighted fields.');
      this.focusFirstInvalid();
      return;
    }
    this.submitting.set(true);
    try {
      const run = await firstValueFrom(this.runs.create(spec.id, intentFromForm(this.fields(), form)));
      await this.router.navigate(['/activity', run.id]);
    } catch (error) {
      const problem = toApiProblem(error);
      const unplaced = applyIntentFieldErrors(form, problem.fieldErrors);
      const placed = Object.keys(problem.fieldErrors).length > unplaced.length;
      this.problem.set(placed ? ['Some answers need another look — see the highlighted fields.', ...unplaced].join(' ') : [problem.message, ...unplaced].join(' '));
      this.focusFirstInvalid();
    } finally {
      this.submitting.set(false);
    }
  }

  private focusFirstInvalid(): void {
    // After the view shows the errors, move focus to the first field that needs attention.
    setTimeout(() => document.querySelector<HTMLElement>('.intake .ng-invalid input, .intake .ng-invalid textarea, .intake mat-select.ng-invalid')?.focus());
  }
}
