import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatOption, MatSelect } from '@angular/material/select';
import { adminExperimentsOutputs, Api, toApiProblem, type ExperimentOutputFile, type ExperimentOutputSide } from '@esy/api-client';
import { ErrorStateComponent, FileContentComponent, fileKind, LoadingStateComponent } from '@esy/ui-kit';
import { createTwoFilesPatch } from 'diff';
import { UnifiedDiffComponent } from '../runs/unified-diff.component';
import { defaultPair, pairFiles } from './experiment-outputs';

type Mode = 'rendered' | 'source' | 'diff';

/**
 * What two sides of an experiment wrote at the gate, the same file next to each other (stacked on phones):
 * rendered (Markdown sanitised, HTML in a sandboxed frame), as source, or as a unified diff from side A to side B.
 */
@Component({
  selector: 'adm-experiment-outputs',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatFormField, MatLabel, MatSelect, MatOption, MatButtonToggleGroup, MatButtonToggle, FileContentComponent, LoadingStateComponent, ErrorStateComponent, UnifiedDiffComponent],
  template: `
    <section class="adm-panel" aria-labelledby="outputs-title" data-testid="experiment-outputs">
      <h2 id="outputs-title">Outputs side by side</h2>
      @if (problem(); as message) {
        <esy-error-state [message]="message" (retry)="outputs.reload()" />
      } @else if (outputs.hasValue()) {
        @let sides = outputs.value().sides;
        @if (sides.length < 2) {
          <p class="muted">Nothing to compare yet: outputs appear here as candidates finish.</p>
        } @else {
          <div class="pickers">
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>Side A</mat-label>
              <mat-select [value]="aKey()" (selectionChange)="aKey.set($event.value)" data-testid="side-a">
                @for (s of sides; track s.key) {
                  <mat-option [value]="s.key">{{ s.label }}{{ s.simulated ? ' (simulated)' : '' }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>Side B</mat-label>
              <mat-select [value]="bKey()" (selectionChange)="bKey.set($event.value)" data-testid="side-b">
                @for (s of sides; track s.key) {
                  <mat-option [value]="s.key">{{ s.label }}{{ s.simulated ? ' (simulated)' : '' }}</mat-option>
                }
              </mat-select>
            </mat-form-field>
            @if (pairing().common.length) {
              <mat-form-field appearance="outline" subscriptSizing="dynamic" class="file">
                <mat-label>File both sides wrote</mat-label>
                <mat-select [value]="path()" (selectionChange)="path.set($event.value)" data-testid="output-file">
                  @for (p of pairing().common; track p) {
                    <mat-option [value]="p">{{ p }}</mat-option>
                  }
                </mat-select>
              </mat-form-field>
              <mat-button-toggle-group [value]="mode()" (change)="mode.set($event.value)" aria-label="Show">
                @if (renderable()) {
                  <mat-button-toggle value="rendered">Rendered</mat-button-toggle>
                }
                <mat-button-toggle value="source">Source</mat-button-toggle>
                <mat-button-toggle value="diff">Diff</mat-button-toggle>
              </mat-button-toggle-group>
            }
          </div>
          @if (pairing().onlyA.length || pairing().onlyB.length) {
            <p class="muted small">
              @if (pairing().onlyA.length) {
                Only side A wrote {{ pairing().onlyA.join(', ') }}.
              }
              @if (pairing().onlyB.length) {
                Only side B wrote {{ pairing().onlyB.join(', ') }}.
              }
            </p>
          }
          @if (!pairing().common.length) {
            <p class="muted">These two sides wrote no file in common.</p>
          } @else if (mode() === 'diff') {
            @if (same()) {
              <p class="muted" data-testid="outputs-identical">Both sides wrote exactly the same {{ path() }}.</p>
            } @else if (patch(); as text) {
              <adm-unified-diff [diff]="text" />
            } @else {
              <p class="muted">This file is not stored as text on one of the sides.</p>
            }
          } @else {
            <div class="pair" data-testid="outputs-pair">
              @for (col of columns(); track col.side.key) {
                <article class="side" [attr.aria-label]="col.name + ': ' + col.side.label" [attr.data-side]="col.name">
                  <header>
                    <strong>{{ col.name }} · {{ col.side.label }}</strong>
                    <span class="status">{{ col.side.status }}</span>
                    @if (col.side.simulated) {
                      <span class="tag sim">Simulated</span>
                    }
                  </header>
                  @if (col.file?.content; as text) {
                    @if (mode() === 'rendered' && renderable()) {
                      <esy-file-content [path]="col.file!.path" [contentType]="col.file!.content_type ?? ''" [content]="text" />
                    } @else {
                      <pre class="adm-pre source">{{ text }}</pre>
                    }
                  } @else {
                    <p class="muted">Not stored as text.</p>
                  }
                </article>
              }
            </div>
          }
        }
      } @else {
        <esy-loading-state shape="lines" [count]="4" label="Loading the outputs" />
      }
    </section>
  `,
  styles: `
    :host {
      display: block;
      margin-bottom: 1rem;
    }
    .pickers {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.75rem;
      margin-bottom: 0.75rem;
    }
    .pickers mat-form-field {
      width: 19rem;
      max-width: 100%;
    }
    .pickers .file {
      width: 20rem;
    }
    .pair {
      display: grid;
      grid-template-columns: 1fr 1fr;
      gap: 1rem;
    }
    @media (max-width: 720px) {
      .pair {
        grid-template-columns: 1fr;
      }
    }
    .side {
      display: grid;
      align-content: start;
      gap: 0.5rem;
      min-width: 0;
      padding: 0.75rem;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-surface);
    }
    .side header {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
    }
    .status {
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .source {
      max-height: 60vh;
      overflow: auto;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .small {
      font: var(--mat-sys-body-small);
    }
    .tag.sim {
      padding: 0 0.45rem;
      border-radius: 999px;
      font: var(--mat-sys-label-small);
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
  `,
})
export class ExperimentOutputsComponent {
  private readonly api = inject(Api);
  readonly experimentId = input.required<string>();
  /** Finished candidates so far: the outputs are read again when it changes (a live experiment). */
  readonly done = input(0);

  protected readonly outputs = rxResource({
    params: () => ({ id: this.experimentId(), done: this.done() }),
    stream: ({ params }) => this.api.invoke(adminExperimentsOutputs, { id: params.id }),
  });
  protected readonly problem = computed(() => (this.outputs.error() ? toApiProblem(this.outputs.error()).message : null));
  private readonly sides = computed<ExperimentOutputSide[]>(() => (this.outputs.hasValue() ? this.outputs.value().sides : []));
  private readonly pair = computed(() => defaultPair(this.sides()));

  /** The chosen sides: the default pair until the admin picks another (kept while the experiment refreshes). */
  protected readonly aKey = linkedSignal<[string, string] | null, string | null>({
    source: this.pair,
    computation: (pair, previous) => (previous?.value && this.find(previous.value) ? previous.value : (pair?.[0] ?? null)),
  });
  protected readonly bKey = linkedSignal<[string, string] | null, string | null>({
    source: this.pair,
    computation: (pair, previous) => (previous?.value && this.find(previous.value) ? previous.value : (pair?.[1] ?? null)),
  });
  private readonly a = computed(() => this.find(this.aKey()));
  private readonly b = computed(() => this.find(this.bKey()));
  protected readonly pairing = computed(() => pairFiles(this.a()?.files ?? [], this.b()?.files ?? []));
  protected readonly path = linkedSignal<string[], string | null>({
    source: () => this.pairing().common,
    computation: (common, previous) => (previous?.value && common.includes(previous.value) ? previous.value : (common[0] ?? null)),
  });
  protected readonly renderable = computed(() => {
    const path = this.path();
    return !!path && ['markdown', 'html', 'image'].includes(fileKind(path, this.fileOf(this.a(), path)?.content_type ?? ''));
  });
  protected readonly mode = linkedSignal<boolean, Mode>({
    source: this.renderable,
    computation: (renderable, previous) => (previous?.value === 'diff' ? 'diff' : renderable ? (previous?.value ?? 'rendered') : 'source'),
  });
  protected readonly columns = computed(() =>
    [
      { name: 'A', side: this.a() },
      { name: 'B', side: this.b() },
    ]
      .filter((c): c is { name: string; side: ExperimentOutputSide } => !!c.side)
      .map((c) => ({ ...c, file: this.fileOf(c.side, this.path()) })),
  );
  protected readonly same = computed(() => {
    const path = this.path();
    const [fa, fb] = [this.fileOf(this.a(), path), this.fileOf(this.b(), path)];
    return !!fa && !!fb && fa.sha256 === fb.sha256;
  });
  protected readonly patch = computed(() => {
    const path = this.path();
    const [a, b] = [this.a(), this.b()];
    const [fa, fb] = [this.fileOf(a, path), this.fileOf(b, path)];
    if (!path || !a || !b || fa?.content == null || fb?.content == null) return null;
    return createTwoFilesPatch(path, path, fa.content, fb.content, `A · ${a.label}`, `B · ${b.label}`);
  });

  private find(key: string | null): ExperimentOutputSide | null {
    return this.sides().find((s) => s.key === key) ?? null;
  }

  private fileOf(side: ExperimentOutputSide | null, path: string | null): ExperimentOutputFile | null {
    return side?.files.find((f) => f.path === path) ?? null;
  }
}
