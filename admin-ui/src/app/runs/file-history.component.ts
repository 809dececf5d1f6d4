import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal } from '@angular/core';
import { MatButtonToggle, MatButtonToggleGroup } from '@angular/material/button-toggle';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatOption, MatSelect } from '@angular/material/select';
import { Api, artifactsGet, toApiProblem, type Artifact } from '@esy/api-client';
import { FileContentComponent, fileKind, LoadingStateComponent } from '@esy/ui-kit';
import { createTwoFilesPatch } from 'diff';
import { firstValueFrom } from 'rxjs';
import { bytes, dateTime } from '../data/format';
import type { RunLink } from './run-link';
import { UnifiedDiffComponent } from './unified-diff.component';

/** "v9 · G8 #1": a version of a file and the attempt that wrote it. */
export function versionLabel(file: Artifact): string {
  return `v${file.version} · ${file.gate_id ?? 'no gate'}${file.attempt_number ? ` #${file.attempt_number}` : ''}`;
}

/**
 * One file of the run across its whole life: every version with the gate and attempt that wrote it, the content of
 * any version (rendered or as source), and a diff between any two versions — e.g. `essay/index.html` v1 → v9.
 */
@Component({
  selector: 'adm-file-history',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FileContentComponent, LoadingStateComponent, UnifiedDiffComponent, MatButtonToggleGroup, MatButtonToggle, MatFormField, MatLabel, MatSelect, MatOption],
  template: `
    <section class="history" data-testid="file-history" [attr.data-path]="path()" aria-labelledby="file-history-title">
      <h3 id="file-history-title" class="adm-mono">{{ path() }}</h3>
      <ol class="versions" aria-label="Versions">
        @for (file of versions(); track file.id) {
          <li>
            <button
              type="button"
              class="version"
              [class.on]="file.version === shown()?.version"
              [attr.aria-pressed]="file.version === shown()?.version"
              [attr.data-version]="file.version"
              (click)="linkChange.emit({ version: file.version })"
            >
              <span class="v">{{ versionLabel(file) }}</span>
              <span class="meta">{{ fmtBytes(file.size_bytes) }} · {{ file.content_hash.slice(0, 10) }}… · {{ fmtDate(file.created_at) }}</span>
            </button>
          </li>
        }
      </ol>

      @if (shown(); as file) {
        <div class="bar">
          <mat-button-toggle-group [value]="mode()" (change)="mode.set($event.value)" aria-label="Show">
            @if (renderable()) {
              <mat-button-toggle value="rendered">Rendered</mat-button-toggle>
            }
            <mat-button-toggle value="source">Source</mat-button-toggle>
            <mat-button-toggle value="diff" [disabled]="versions().length < 2">Compare</mat-button-toggle>
          </mat-button-toggle-group>
          @if (mode() === 'diff') {
            <mat-form-field appearance="outline" subscriptSizing="dynamic">
              <mat-label>Compare v{{ file.version }} with</mat-label>
              <mat-select [value]="against()?.version" (selectionChange)="linkChange.emit({ compare: $event.value })">
                @for (other of versions(); track other.id) {
                  @if (other.version !== file.version) {
                    <mat-option [value]="other.version">{{ versionLabel(other) }}</mat-option>
                  }
                }
              </mat-select>
            </mat-form-field>
          }
        </div>
        @if (problem(); as message) {
          <p class="error" role="alert">{{ message }}</p>
        } @else if (mode() === 'diff') {
          @if (patch(); as text) {
            <adm-unified-diff [diff]="text" />
          } @else {
            <esy-loading-state label="Comparing the versions" shape="lines" [count]="4" />
          }
        } @else if (content(file.id); as text) {
          @if (mode() === 'rendered' && renderable()) {
            <esy-file-content [path]="file.file_path" [contentType]="file.content_type" [content]="text" />
          } @else {
            <pre class="adm-pre source" data-testid="file-source">{{ text }}</pre>
          }
        } @else {
          <esy-loading-state label="Loading the file" shape="lines" [count]="4" />
        }
      }
    </section>
  `,
  styles: `
    .history {
      display: grid;
      gap: 0.75rem;
      min-width: 0;
    }
    h3 {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .versions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .version {
      display: grid;
      gap: 0.1rem;
      padding: 0.35rem 0.65rem;
      border-radius: var(--mat-sys-corner-small);
      border: 1px solid var(--mat-sys-outline-variant);
      background: transparent;
      color: inherit;
      font: inherit;
      text-align: left;
      cursor: pointer;
    }
    .version.on {
      border-color: var(--mat-sys-primary);
      background: var(--mat-sys-secondary-container);
    }
    .v {
      font-weight: 650;
    }
    .meta {
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.75rem;
    }
    .source {
      max-height: 70vh;
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class FileHistoryComponent {
  readonly path = input.required<string>();
  /** Every file version of the run (the component keeps those of `path`). */
  readonly artifacts = input.required<Artifact[]>();
  /** Version shown (from the page address); null = the latest. */
  readonly version = input<number | null>(null);
  /** Version compared against (from the page address); null = the one before the shown version. */
  readonly compare = input<number | null>(null);
  readonly linkChange = output<RunLink>();

  private readonly api = inject(Api);
  protected readonly mode = signal<'rendered' | 'source' | 'diff'>('rendered');
  protected readonly problem = signal<string | null>(null);
  private readonly contents = signal<ReadonlyMap<string, string>>(new Map());

  protected readonly versions = computed(() =>
    this.artifacts()
      .filter((file) => file.file_path === this.path())
      .sort((a, b) => a.version - b.version),
  );
  protected readonly shown = computed<Artifact | null>(() => {
    const all = this.versions();
    return all.find((file) => file.version === this.version()) ?? all.at(-1) ?? null;
  });
  protected readonly against = computed<Artifact | null>(() => {
    const shown = this.shown();
    const others = this.versions().filter((file) => file !== shown);
    return others.find((file) => file.version === this.compare()) ?? [...others].reverse().find((file) => shown && file.version < shown.version) ?? others[0] ?? null;
  });
  protected readonly renderable = computed(() => {
    const file = this.shown();
    return !!file && ['markdown', 'html', 'image'].includes(fileKind(file.file_path, file.content_type));
  });
  /** Older version first, so additions read as what the later attempt wrote. */
  protected readonly patch = computed(() => {
    const [a, b] = [this.against(), this.shown()];
    if (!a || !b) return null;
    const [older, newer] = a.version < b.version ? [a, b] : [b, a];
    const before = this.content(older.id);
    const after = this.content(newer.id);
    if (before === null || after === null) return null;
    return createTwoFilesPatch(this.path(), this.path(), before, after, versionLabel(older), versionLabel(newer));
  });

  protected versionLabel = versionLabel;
  protected fmtBytes = bytes;
  protected fmtDate = dateTime;

  constructor() {
    effect(() => {
      // A link that asks for a comparison opens on it.
      if (this.compare() !== null) this.mode.set('diff');
    });
    effect(() => {
      const wanted = [this.shown(), this.mode() === 'diff' ? this.against() : null];
      for (const file of wanted) if (file) void this.load(file);
    });
    effect(() => {
      if (!this.renderable() && this.mode() === 'rendered') this.mode.set('source');
    });
  }

  protected content(id: string): string | null {
    return this.contents().get(id) ?? null;
  }

  private async load(file: Artifact): Promise<void> {
    if (this.contents().has(file.id)) return;
    this.problem.set(null);
    try {
      const body = await firstValueFrom(this.api.invoke(artifactsGet, { id: file.id }));
      this.contents.update((all) => new Map([...all, [file.id, body.content]]));
    } catch (error) {
      this.problem.set(`Could not load ${versionLabel(file)}: ${toApiProblem(error).message}`);
    }
  }
}
