import { ChangeDetectionStrategy, Component, computed, effect, inject, input, linkedSignal, signal, untracked } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatFormField, MatError, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { loader, toApiProblem } from '@esy/api-client';
import { ErrorStateComponent, LoadingStateComponent, PageHeaderComponent } from '@esy/ui-kit';
import { catchError, debounceTime, firstValueFrom, forkJoin, of, startWith, switchMap } from 'rxjs';
import { AdminApi, type AdminTemplateDetail, type SpecDiff, type SpecPreview } from '../data/admin-api';
import { dateTime } from '../data/format';
import { ModelsData, priceOf } from '../data/models.data';
import { CostProfilePanelComponent } from './cost-profile-panel.component';
import { DraftTestDialogComponent, intakeFieldsOf, type DraftTestDialogData, type DraftTestDialogResult } from './draft-test-dialog.component';
import { fillFromSpec, nextVersion, slugFromName, specForm, toDraft, validateDraft, type DraftIssue } from './draft-form';
import { IntentSchemaBuilderComponent } from './intent-schema-builder.component';
import { StageBuilderComponent } from './stage-builder.component';

/** A refused draft, as the issue list the side panel shows (one row per field the server named). */
function problemAsPreview(error: unknown): SpecPreview {
  const problem = toApiProblem(error);
  const issues = Object.entries(problem.fieldErrors).map(([field, message]) => ({ field, message }));
  return { valid: false, issues: issues.length ? issues : [{ field: 'draft', message: problem.message }] };
}

const TYPES = ['visual-essay', 'infographic', 'research'] as const;
const DEPTHS = ['quick', 'standard', 'deep'] as const;

/**
 * Template creator and editor. Basics first (creating the template, hidden from users until a version is
 * published); then the intake form, the stages, QA and guarantees, with the cost profile and the server's checks
 * updated live; publishing makes a new immutable spec version and activates it.
 */
@Component({
  selector: 'adm-template-editor-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatButton,
    MatCheckbox,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatSelect,
    MatOption,
    MatIcon,
    PageHeaderComponent,
    LoadingStateComponent,
    ErrorStateComponent,
    IntentSchemaBuilderComponent,
    StageBuilderComponent,
    CostProfilePanelComponent,
  ],
  template: `
    <div class="esy-page">
      <a mat-button routerLink="/templates" class="back"><mat-icon aria-hidden="true">arrow_back</mat-icon>Templates</a>
      @if (detail.problem(); as problem) {
        <esy-error-state [message]="problem.message" (retry)="detail.reload()" />
      } @else if (id() && !template()) {
        <esy-loading-state shape="cards" [count]="3" label="Loading the template" />
      } @else {
        <esy-page-header [eyebrow]="template() ? 'Edit template' : 'New template'" [title]="template()?.name || 'New template'" [lead]="lead()" />
        @if (choices.problem(); as problem) {
          <esy-error-state title="Could not load the agents, contracts and models stages pick from" [message]="problem.message" (retry)="choices.reload()" />
        }
        <div class="layout">
          <div class="main">
            <section class="adm-panel" aria-labelledby="basics-title">
              <h2 id="basics-title">1 · Basics</h2>
              <form [formGroup]="basics" class="grid" (ngSubmit)="saveBasics()">
                <mat-form-field appearance="outline">
                  <mat-label>Name</mat-label>
                  <input matInput formControlName="name" required />
                  <mat-error>Give the template a name.</mat-error>
                </mat-form-field>
                <mat-form-field appearance="outline">
                  <mat-label>Slug</mat-label>
                  <input matInput formControlName="slug" required />
                  <mat-hint>Lowercase, dashes; fixed once created</mat-hint>
                  <mat-error>Lowercase letters, digits and dashes.</mat-error>
                </mat-form-field>
                <mat-form-field appearance="outline">
                  <mat-label>Type</mat-label>
                  <mat-select formControlName="type">
                    @for (t of types; track t) {
                      <mat-option [value]="t">{{ t }}</mat-option>
                    }
                  </mat-select>
                </mat-form-field>
                <mat-form-field appearance="outline">
                  <mat-label>Depth</mat-label>
                  <mat-select formControlName="depth">
                    @for (d of depths; track d) {
                      <mat-option [value]="d">{{ d }}</mat-option>
                    }
                  </mat-select>
                </mat-form-field>
                <mat-form-field appearance="outline" class="wide">
                  <mat-label>Description</mat-label>
                  <textarea matInput formControlName="description" rows="2"></textarea>
                </mat-form-field>
                <mat-form-field appearance="outline">
                  <mat-label>Tags (comma separated)</mat-label>
                  <input matInput formControlName="tags" />
                </mat-form-field>
                <mat-form-field appearance="outline">
                  <mat-label>Estimated time</mat-label>
                  <input matInput formControlName="estimatedTime" placeholder="10 minutes" />
                </mat-form-field>
                <mat-form-field appearance="outline" class="wide">
                  <mat-label>What you get (one per line)</mat-label>
                  <textarea matInput formControlName="whatYouGet" rows="2"></textarea>
                </mat-form-field>
                <mat-checkbox formControlName="featured">Featured on the user dashboard</mat-checkbox>
                <div class="end">
                  <button mat-flat-button type="submit" [disabled]="saving()">
                    <mat-icon>{{ template() ? 'save' : 'add' }}</mat-icon>{{ template() ? 'Save basics' : 'Create template' }}
                  </button>
                </div>
              </form>
            </section>

            @if (template()) {
              <section class="adm-panel" aria-labelledby="intent-title">
                <h2 id="intent-title">2 · Intake form</h2>
                <adm-intent-schema-builder [fields]="spec.controls.intent" />
              </section>
              <section class="adm-panel" aria-labelledby="stages-title">
                <h2 id="stages-title">3 · Stages</h2>
                <adm-stage-builder [stages]="spec.controls.stages" [agents]="agents()" [models]="models()" [contracts]="contracts()" />
              </section>
              <section class="adm-panel" aria-labelledby="qa-title" [formGroup]="spec">
                <h2 id="qa-title">4 · QA checks and guarantees</h2>
                <div class="grid" formGroupName="qa">
                  <mat-form-field appearance="outline">
                    <mat-label>Attempts per gate</mat-label>
                    <input matInput type="number" formControlName="maxAttempts" min="1" max="10" />
                    <mat-hint>Before the run pauses for an operator</mat-hint>
                  </mat-form-field>
                  <mat-checkbox formControlName="escalateOnRetry">Escalate to a higher-tier model on retry</mat-checkbox>
                  <mat-checkbox formControlName="blockingWarnings">Warnings block like errors</mat-checkbox>
                  <mat-checkbox formControlName="networkChecks">Check that cited URLs are reachable</mat-checkbox>
                </div>
                <div class="grid">
                  <mat-form-field appearance="outline" class="wide">
                    <mat-label>Output guarantees (one per line)</mat-label>
                    <textarea matInput formControlName="guarantees" rows="3" placeholder="Every claim cites a recorded source"></textarea>
                  </mat-form-field>
                  <mat-form-field appearance="outline">
                    <mat-label>Artifact type</mat-label>
                    <input matInput formControlName="artifactType" placeholder="research-package" />
                  </mat-form-field>
                  <mat-form-field appearance="outline">
                    <mat-label>Output formats</mat-label>
                    <input matInput formControlName="outputFormats" placeholder="html, markdown" />
                  </mat-form-field>
                  <mat-form-field appearance="outline">
                    <mat-label>Modes</mat-label>
                    <input matInput formControlName="modes" />
                    <mat-hint>Comma separated; conditions can test mode</mat-hint>
                  </mat-form-field>
                  <mat-form-field appearance="outline">
                    <mat-label>Budget per run (USD)</mat-label>
                    <input matInput formControlName="budgetUsd" placeholder="5.00" />
                    <mat-hint>The run pauses when it would spend more</mat-hint>
                  </mat-form-field>
                </div>
              </section>
            }
          </div>

          @if (template(); as t) {
            <aside class="side">
              <section class="adm-panel" aria-labelledby="cost-title">
                <h2 id="cost-title">Cost per run</h2>
                <adm-cost-profile-panel [profile]="preview()?.cost_profile" [emptyText]="previewing() ? 'Pricing…' : 'Add valid stages to price a run.'" />
              </section>
              <section class="adm-panel" aria-labelledby="check-title" [formGroup]="spec">
                <h2 id="check-title">Publish</h2>
                <mat-form-field appearance="outline" class="full">
                  <mat-label>Version</mat-label>
                  <input matInput formControlName="version" />
                  <mat-hint>Latest: {{ t.latest_version ?? 'none' }}</mat-hint>
                </mat-form-field>
                <div class="issues" data-testid="draft-issues" aria-live="polite">
                  @if (issues().length) {
                    <p class="bad"><mat-icon>error</mat-icon>{{ issues().length }} problem(s) to fix before publishing</p>
                    <ul>
                      @for (issue of issues(); track $index) {
                        <li><code>{{ issue.field }}</code> {{ issue.message }}</li>
                      }
                    </ul>
                  } @else if (preview()?.valid) {
                    <p class="ok"><mat-icon>check_circle</mat-icon>Ready to publish</p>
                  } @else if (previewing()) {
                    <p class="muted">Checking…</p>
                  }
                </div>
                <button mat-flat-button type="button" class="full" [disabled]="publishing() || issues().length > 0 || !preview()?.valid" (click)="publish()">
                  <mat-icon>rocket_launch</mat-icon>Publish v{{ spec.controls.version.value }}
                </button>
                <button mat-stroked-button type="button" class="full test" [disabled]="testing() || !testable()" (click)="testDraft()">
                  <mat-icon>science</mat-icon>Test draft
                </button>
                <p class="muted">Runs this draft without publishing it; only administrators see the run.</p>
              </section>
              <section class="adm-panel" aria-labelledby="history-title">
                <h2 id="history-title">Version history</h2>
                <ol class="versions" data-testid="versions">
                  @for (v of t.versions; track v.id; let last = $last) {
                    <li>
                      <strong>v{{ v.version }}</strong>
                      @if (v.active) {
                        <span class="active">active</span>
                      }
                      <span class="muted">{{ fmtDate(v.created_at) }} · {{ v.stage_count }} stages · {{ v.run_count }} runs</span>
                      @if (!last) {
                        <button mat-button type="button" (click)="showDiff(t.versions[$index + 1].id, v.id)">Diff with previous</button>
                      }
                    </li>
                  } @empty {
                    <li class="muted">Nothing published yet.</li>
                  }
                </ol>
                @if (diff(); as d) {
                  <p>v{{ d.from.version }} → v{{ d.to.version }}: {{ d.changed_fields.join(', ') || 'no changes' }}
                    @if (d.stages.added.length) { · added {{ d.stages.added.join(', ') }} }
                    @if (d.stages.removed.length) { · removed {{ d.stages.removed.join(', ') }} }
                    @if (d.stages.changed.length) { · changed {{ d.stages.changed.join(', ') }} }</p>
                  <pre class="adm-pre">{{ d.patch }}</pre>
                }
              </section>
            </aside>
          }
        </div>
      }
    </div>
  `,
  styles: `
    .back {
      margin: 0 0 0.5rem -0.75rem;
    }
    .layout {
      display: grid;
      grid-template-columns: minmax(0, 1fr) 19rem;
      gap: 1.25rem;
      align-items: start;
    }
    .main {
      display: flex;
      flex-direction: column;
      gap: 1.25rem;
    }
    .side {
      position: sticky;
      top: 1rem;
      display: flex;
      flex-direction: column;
      gap: 1rem;
    }
    .grid {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 0.25rem 0.75rem;
      align-items: center;
    }
    .wide,
    .end {
      grid-column: 1 / -1;
    }
    .end {
      display: flex;
      justify-content: flex-end;
    }
    .full {
      width: 100%;
    }
    .issues {
      margin: 0.75rem 0;
    }
    .test {
      margin-top: 0.5rem;
    }
    .issues ul {
      margin: 0;
      padding-left: 1.1rem;
      font: var(--mat-sys-body-small);
    }
    .bad,
    .ok {
      display: flex;
      align-items: center;
      gap: 0.35rem;
      margin: 0 0 0.3rem;
      font-weight: 550;
    }
    .bad {
      color: var(--mat-sys-error);
    }
    .ok {
      color: var(--esy-success);
    }
    .versions {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .versions li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.4rem;
      padding: 0.3rem 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .active {
      font: var(--mat-sys-label-small);
      padding: 0 0.4rem;
      border-radius: 4px;
      background: var(--esy-success-container);
      color: var(--esy-on-success-container);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    @media (max-width: 1100px) {
      .layout {
        grid-template-columns: minmax(0, 1fr);
      }
      .side {
        position: static;
      }
    }
  `,
})
export default class TemplateEditorPage {
  /** Route parameter; absent on /templates/new. */
  readonly id = input<string>();
  private readonly api = inject(AdminApi);
  private readonly router = inject(Router);
  private readonly snack = inject(MatSnackBar);
  private readonly dialog = inject(MatDialog);
  private readonly modelsData = inject(ModelsData);

  protected readonly types = TYPES;
  protected readonly depths = DEPTHS;
  /** The template being edited (idle on /templates/new). */
  protected readonly detail = loader({ params: () => this.id(), stream: (id) => this.api.template(id) });
  /** What the page shows: the loaded template, then what saving the basics answered. */
  protected readonly template = linkedSignal<AdminTemplateDetail | null>(() => this.detail.data() ?? null);
  protected readonly saving = signal(false);
  protected readonly publishing = signal(false);
  protected readonly testing = signal(false);
  protected readonly diff = signal<SpecDiff | null>(null);
  /** What the stage builder picks from. */
  protected readonly choices = loader({
    stream: () => forkJoin({ agents: this.api.agents(), contracts: this.api.contracts(), models: this.modelsData.list() }),
  });
  protected readonly agents = computed(() => this.choices.data()?.agents.categories.flatMap((c) => c.agents) ?? []);
  protected readonly contracts = computed(() => this.choices.data()?.contracts.contracts ?? []);
  protected readonly models = computed(() => this.choices.data()?.models ?? []);
  protected readonly fmtDate = dateTime;

  protected readonly basics = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    slug: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^[a-z0-9]+(-[a-z0-9]+)*$/)] }),
    type: new FormControl<(typeof TYPES)[number]>('research', { nonNullable: true }),
    depth: new FormControl<(typeof DEPTHS)[number]>('standard', { nonNullable: true }),
    description: new FormControl('', { nonNullable: true }),
    tags: new FormControl('', { nonNullable: true }),
    estimatedTime: new FormControl('', { nonNullable: true }),
    whatYouGet: new FormControl('', { nonNullable: true }),
    featured: new FormControl(false, { nonNullable: true }),
  });
  protected readonly spec = specForm();

  private readonly specValue = toSignal(this.spec.valueChanges.pipe(startWith(this.spec.value)), { initialValue: this.spec.value });
  protected readonly draft = computed(() => {
    this.specValue();
    const t = this.template();
    return t ? toDraft(this.spec.getRawValue(), t.id) : null;
  });
  protected readonly localIssues = computed<DraftIssue[]>(() => {
    const d = this.draft();
    return d ? validateDraft(d) : [];
  });
  protected readonly preview = signal<SpecPreview | null>(null);
  protected readonly previewing = signal(false);
  protected readonly issues = computed<DraftIssue[]>(() => {
    const local = this.localIssues();
    if (local.length) return local;
    return this.preview()?.issues ?? [];
  });
  /** A draft can be tested once it passes every check but the version one (a test publishes nothing). */
  protected readonly testable = computed(() => {
    const preview = this.preview();
    if (this.localIssues().length || !preview?.version_hash) return false;
    return preview.issues.every((issue) => issue.field === 'version' && issue.message.startsWith('must be higher'));
  });
  protected readonly lead = computed(() =>
    this.template() ? 'Change anything, check the cost and the problems on the right, then publish a new version.' : 'Start with the basics; the stages come next.',
  );

  constructor() {
    // The forms start from the loaded template, and again after publishing reloads it.
    effect(() => {
      const loaded = this.detail.data();
      if (loaded) untracked(() => this.applyTemplate(loaded));
    });
    // A new template's slug follows its name until the creator edits the slug by hand.
    this.basics.controls.name.valueChanges.pipe(takeUntilDestroyed()).subscribe((name) => {
      const slug = this.basics.controls.slug;
      if (!this.id() && !slug.dirty) slug.setValue(slugFromName(name));
    });
    // Server-side check and pricing of the draft, a moment after the last change (only when the local checks pass).
    this.spec.valueChanges
      .pipe(
        debounceTime(500),
        switchMap(() => {
          const draft = this.draft();
          if (!draft || validateDraft(draft).length) return of(null);
          this.previewing.set(true);
          return this.api.previewSpec(draft).pipe(catchError((e) => of(problemAsPreview(e))));
        }),
        takeUntilDestroyed(),
      )
      .subscribe((preview) => {
        this.previewing.set(false);
        this.preview.set(preview);
      });
  }

  private applyTemplate(t: AdminTemplateDetail): void {
    this.basics.setValue({
      name: t.name,
      slug: t.slug,
      type: t.type as (typeof TYPES)[number],
      depth: t.depth as (typeof DEPTHS)[number],
      description: t.description ?? '',
      tags: (t.tags ?? []).join(', '),
      estimatedTime: t.estimated_time ?? '',
      whatYouGet: (t.what_you_get ?? []).join('\n'),
      featured: t.featured,
    });
    this.basics.controls.slug.disable();
    const version = nextVersion(t.latest_version);
    if (t.active_spec) fillFromSpec(this.spec, t.active_spec, version);
    else this.spec.controls.version.setValue(version);
    this.spec.updateValueAndValidity();
  }

  protected async saveBasics(): Promise<void> {
    if (this.basics.invalid) {
      this.basics.markAllAsTouched();
      return;
    }
    const v = this.basics.getRawValue();
    const body = {
      name: v.name.trim(),
      type: v.type,
      depth: v.depth,
      description: v.description.trim(),
      tags: v.tags.split(',').map((s) => s.trim()).filter(Boolean),
      what_you_get: v.whatYouGet.split('\n').map((s) => s.trim()).filter(Boolean),
      estimated_time: v.estimatedTime.trim() || null,
      featured: v.featured,
    };
    this.saving.set(true);
    try {
      const current = this.template();
      if (current) {
        this.template.set({ ...(await firstValueFrom(this.api.updateTemplate(current.id, body))), versions: current.versions, active_spec: current.active_spec });
        this.snack.open('Basics saved', undefined, { duration: 2000 });
      } else {
        const created = await firstValueFrom(this.api.createTemplate({ ...body, slug: v.slug }));
        this.snack.open('Template created: now add its stages', undefined, { duration: 3000 });
        await this.router.navigate(['/templates', created.id], { replaceUrl: true });
      }
    } catch (error) {
      const problem = toApiProblem(error);
      this.snack.open(problem.message, 'Dismiss', { duration: 8000 });
      for (const [field, message] of Object.entries(problem.fieldErrors)) this.basics.get(field)?.setErrors({ server: message });
    } finally {
      this.saving.set(false);
    }
  }

  protected async publish(): Promise<void> {
    const draft = this.draft();
    if (!draft) return;
    this.publishing.set(true);
    try {
      const spec = await firstValueFrom(this.api.publishSpec({ ...draft, activate: true }));
      this.snack.open(`Published v${spec.version}: new runs use it now`, undefined, { duration: 4000 });
      this.preview.set(null);
      this.detail.reload();
    } catch (error) {
      this.preview.set(problemAsPreview(error));
      this.snack.open(toApiProblem(error).message, 'Dismiss', { duration: 8000 });
    } finally {
      this.publishing.set(false);
    }
  }

  protected async testDraft(): Promise<void> {
    const draft = this.draft();
    const template = this.template();
    if (!draft || !template) return;
    const data: DraftTestDialogData = {
      fields: intakeFieldsOf(draft.intent_schema),
      models: this.models()
        .filter((model) => model.active)
        .map((model) => ({ id: model.id, detail: `${model.provider} · ${model.tier} · ${priceOf(model)}` })),
    };
    const ref = this.dialog.open<DraftTestDialogComponent, DraftTestDialogData, DraftTestDialogResult>(DraftTestDialogComponent, { data, width: '34rem', maxWidth: '94vw' });
    const choice = await firstValueFrom(ref.afterClosed());
    if (!choice) return;
    const { template_id, ...fields } = draft;
    void template_id;
    this.testing.set(true);
    try {
      const created = await firstValueFrom(
        this.api.createDraftRun(template.id, { draft: fields, intent: choice.intent, simulator: choice.simulator, ...(choice.modelId ? { model_id: choice.modelId } : {}) }),
      );
      await this.router.navigate(['/runs', created.run_id]);
    } catch (error) {
      const problem = toApiProblem(error);
      const first = Object.entries(problem.fieldErrors)[0];
      this.snack.open(first ? `${problem.message} ${first[0]}: ${first[1]}` : problem.message, 'Dismiss', { duration: 8000 });
    } finally {
      this.testing.set(false);
    }
  }

  protected showDiff(from: string, to: string): void {
    this.api.specDiff(from, to).subscribe({ next: (d) => this.diff.set(d), error: (e) => this.snack.open(toApiProblem(e).message, 'Dismiss', { duration: 5000 }) });
  }
}
