import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, output, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators, type AbstractControl, type ValidationErrors } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import {
  adminExperimentsCreate,
  adminRunsList,
  Api,
  modelsList,
  specsGet,
  specsList,
  toApiProblem,
  type AdminRun,
  type ExperimentDetail,
  type Model,
  type SpecSummary,
} from '@esy/api-client';
import { dateTime, usd } from '../data/format';

interface GateOption {
  gate: string;
  name: string;
}

const FIELDS = ['spec_id', 'gate_id', 'source_run_id', 'model_ids', 'repeat', 'judge_model_id'] as const;

/** The judge must not be one of the models it judges (the server says so too). */
function judgeDiffers(group: AbstractControl): ValidationErrors | null {
  const { model_ids, judge_model_id } = group.value as { model_ids: string[]; judge_model_id: string };
  return judge_model_id && model_ids.includes(judge_model_id) ? { judgeIsCandidate: true } : null;
}

/** Start an experiment: spec → gate → completed source run of that spec → models → repeat → optional judge. */
@Component({
  selector: 'adm-experiment-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatHint, MatError, MatSelect, MatOption, MatInput, MatButton],
  template: `
    <form class="adm-panel form" [formGroup]="form" (ngSubmit)="submit()" aria-labelledby="new-experiment">
      <h2 id="new-experiment">New experiment</h2>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Spec</mat-label>
        <mat-select formControlName="spec_id" data-testid="exp-spec">
          @for (spec of specs(); track spec.id) {
            <mat-option [value]="spec.id">{{ spec.template?.name ?? spec.template_id }} · v{{ spec.version }}</mat-option>
          }
        </mat-select>
        <mat-error>{{ serverError('spec_id') || 'Pick a spec.' }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Gate</mat-label>
        <mat-select formControlName="gate_id" data-testid="exp-gate">
          @for (gate of gates(); track gate.gate) {
            <mat-option [value]="gate.gate">{{ gate.gate }} · {{ gate.name }}</mat-option>
          }
        </mat-select>
        <mat-hint>Candidates replay this gate on the inputs the source run had before it</mat-hint>
        <mat-error>{{ serverError('gate_id') || 'Pick a gate.' }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Source run</mat-label>
        <mat-select formControlName="source_run_id" data-testid="exp-run">
          @for (run of runs(); track run.id) {
            <mat-option [value]="run.id">{{ run.display_name }} · {{ completed(run) }} · {{ cost(run) }}</mat-option>
          }
        </mat-select>
        @if (specId() && runs().length === 0) {
          <mat-hint>No completed run of this spec yet</mat-hint>
        } @else {
          <mat-hint>A completed run of this spec</mat-hint>
        }
        <mat-error>{{ serverError('source_run_id') || 'Pick a completed run.' }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Models</mat-label>
        <mat-select formControlName="model_ids" multiple data-testid="exp-models">
          @for (model of models(); track model.id) {
            <mat-option [value]="model.id">
              {{ model.id }} · {{ model.tier }} · {{ model.provider }}
              @if (!model.provider_configured) {
                <span class="sim-mark" data-testid="simulated-mark">· simulated (no provider key)</span>
              }
            </mat-option>
          }
        </mat-select>
        <mat-hint>One to ten models</mat-hint>
        <mat-error>{{ serverError('model_ids') || 'Pick one to ten models.' }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Repetitions per model</mat-label>
        <input matInput type="number" formControlName="repeat" min="1" max="10" data-testid="exp-repeat" />
        <mat-error>{{ serverError('repeat') || 'Between 1 and 10.' }}</mat-error>
      </mat-form-field>
      <mat-form-field appearance="outline" subscriptSizing="dynamic">
        <mat-label>Judge (rubric score)</mat-label>
        <mat-select formControlName="judge_model_id" data-testid="exp-judge">
          <mat-option value="">No rubric score</mat-option>
          @for (model of judges(); track model.id) {
            <mat-option [value]="model.id">{{ model.id }} · {{ model.tier }}{{ model.provider_configured ? '' : ' · simulated (no provider key)' }}</mat-option>
          }
        </mat-select>
        <mat-hint>Scores completeness, accuracy, structure, quality and coherence 1–5; cannot be a judged model</mat-hint>
        <mat-error>{{ serverError('judge_model_id') || 'The judge must differ from every judged model.' }}</mat-error>
      </mat-form-field>
      @if (problem()) {
        <p class="problem" role="alert">{{ problem() }}</p>
      }
      <div class="end">
        <span class="muted">{{ candidates() }} candidate{{ candidates() === 1 ? '' : 's' }}</span>
        <button mat-flat-button type="submit" [disabled]="saving()" data-testid="exp-start">Start experiment</button>
      </div>
    </form>
  `,
  styles: `
    .sim-mark {
      color: var(--esy-warning-fg, #8a5a00);
      font-weight: 600;
    }
    .form {
      display: flex;
      flex-direction: column;
      gap: 0.85rem;
    }
    .end {
      display: flex;
      justify-content: space-between;
      align-items: center;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .problem {
      color: var(--mat-sys-error);
      margin: 0;
    }
  `,
})
export class ExperimentFormComponent {
  private readonly api = inject(Api);
  private readonly destroyRef = inject(DestroyRef);
  readonly created = output<ExperimentDetail>();

  protected readonly specs = signal<SpecSummary[]>([]);
  protected readonly gates = signal<GateOption[]>([]);
  protected readonly runs = signal<AdminRun[]>([]);
  protected readonly models = signal<Model[]>([]);
  protected readonly saving = signal(false);
  protected readonly problem = signal('');
  private readonly fieldErrors = signal<Record<string, string>>({});

  protected readonly form = new FormGroup(
    {
      spec_id: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
      gate_id: new FormControl({ value: '', disabled: true }, { nonNullable: true, validators: [Validators.required] }),
      source_run_id: new FormControl({ value: '', disabled: true }, { nonNullable: true, validators: [Validators.required] }),
      model_ids: new FormControl<string[]>([], { nonNullable: true, validators: [Validators.required, (c) => ((c.value as string[]).length > 10 ? { max: true } : null)] }),
      repeat: new FormControl(2, { nonNullable: true, validators: [Validators.required, Validators.min(1), Validators.max(10)] }),
      judge_model_id: new FormControl('', { nonNullable: true }),
    },
    { validators: judgeDiffers },
  );

  protected readonly specId = toSignal(this.form.controls.spec_id.valueChanges, { initialValue: '' });
  private readonly value = toSignal(this.form.valueChanges, { initialValue: this.form.value });
  protected readonly candidates = computed(() => (this.value().model_ids?.length ?? 0) * (Number(this.value().repeat) || 0));
  protected readonly judges = computed(() => this.models().filter((model) => !(this.value().model_ids ?? []).includes(model.id)));

  constructor() {
    this.api.invoke(specsList, {}).subscribe({ next: (body) => this.specs.set(body.specs), error: (e) => this.problem.set(toApiProblem(e).message) });
    this.api.invoke(modelsList, {}).subscribe({ next: (body) => this.models.set(body.models), error: (e) => this.problem.set(toApiProblem(e).message) });
    this.form.controls.spec_id.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe((id) => this.specChanged(id));
    // A judge picked earlier that became a candidate is cleared rather than sent.
    this.form.controls.model_ids.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe((ids) => {
      if (ids.includes(this.form.controls.judge_model_id.value)) this.form.controls.judge_model_id.setValue('');
    });
  }

  protected serverError(field: (typeof FIELDS)[number]): string {
    const errors = this.fieldErrors();
    return errors[field] ?? Object.entries(errors).find(([key]) => key.startsWith(`${field}[`))?.[1] ?? '';
  }

  protected completed(run: AdminRun): string {
    return dateTime(run.completed_at ?? run.created_at);
  }

  protected cost(run: AdminRun): string {
    return usd(run.total_cost_usd);
  }

  private specChanged(id: string): void {
    const { gate_id, source_run_id } = this.form.controls;
    gate_id.reset('');
    source_run_id.reset('');
    this.gates.set([]);
    this.runs.set([]);
    if (!id) return;
    this.api.invoke(specsGet, { id }).subscribe({
      next: (spec) => {
        this.gates.set(spec.stages.map((stage) => ({ gate: String(stage['gate']), name: String(stage['name'] ?? '') })));
        gate_id.enable();
        const slug = spec.template?.slug;
        this.api.invoke(adminRunsList, { status: 'completed', ...(slug ? { template_slug: slug } : {}), limit: 100 }).subscribe({
          next: (body) => {
            this.runs.set(body.runs.filter((run) => run.spec_id === id));
            source_run_id.enable();
          },
          error: (e) => this.problem.set(toApiProblem(e).message),
        });
      },
      error: (e) => this.problem.set(toApiProblem(e).message),
    });
  }

  protected submit(): void {
    this.problem.set('');
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      if (this.form.hasError('judgeIsCandidate')) this.form.controls.judge_model_id.setErrors({ judgeIsCandidate: true });
      return;
    }
    const v = this.form.getRawValue();
    this.saving.set(true);
    this.api
      .invoke(adminExperimentsCreate, {
        body: { spec_id: v.spec_id, gate_id: v.gate_id, source_run_id: v.source_run_id, model_ids: v.model_ids, repeat: Number(v.repeat), ...(v.judge_model_id ? { judge_model_id: v.judge_model_id } : {}) },
      })
      .subscribe({
        next: (detail) => {
          this.saving.set(false);
          this.created.emit(detail);
        },
        error: (e) => {
          this.saving.set(false);
          const problem = toApiProblem(e);
          this.fieldErrors.set(problem.fieldErrors);
          for (const field of FIELDS) {
            if (this.serverError(field)) this.form.controls[field].setErrors({ server: true });
          }
          this.problem.set(problem.message);
        },
      });
  }
}
