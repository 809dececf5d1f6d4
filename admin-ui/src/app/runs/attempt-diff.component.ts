import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatOption, MatSelect } from '@angular/material/select';
import { adminRunsGateDiff, Api, type GateDiff, loader } from '@esy/api-client';
import { UnifiedDiffComponent } from './unified-diff.component';

/** What changed in the workspace between two attempts of a gate, file by file (unified diffs). */
@Component({
  selector: 'adm-attempt-diff',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, MatFormField, MatLabel, MatSelect, MatOption, MatIcon, UnifiedDiffComponent],
  template: `
    @if (attemptNumbers().length < 2) {
      <p class="muted">Only one attempt so far: nothing to compare.</p>
    } @else {
      <div class="pick">
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>From attempt</mat-label>
          <mat-select [ngModel]="from()" (ngModelChange)="from.set($event)">
            @for (n of attemptNumbers(); track n) {
              <mat-option [value]="n">{{ n }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline" subscriptSizing="dynamic">
          <mat-label>To attempt</mat-label>
          <mat-select [ngModel]="to()" (ngModelChange)="to.set($event)">
            @for (n of attemptNumbers(); track n) {
              <mat-option [value]="n">{{ n }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>
      @if (error()) {
        <p class="error" role="alert">{{ error() }}</p>
      }
      @if (diff(); as d) {
        @for (file of d.files; track file.path) {
          <details class="file" [open]="file.change !== 'unchanged'" [attr.data-change]="file.change">
            <summary>
              <mat-icon aria-hidden="true">{{ icon(file.change) }}</mat-icon>
              <span class="adm-mono">{{ file.path }}</span>
              <span class="change">{{ file.change }}</span>
            </summary>
            @if (file.diff) {
              <adm-unified-diff [diff]="file.diff" />
            }
          </details>
        } @empty {
          <p class="muted">Neither attempt wrote files.</p>
        }
      }
    }
  `,
  styles: `
    .pick {
      display: flex;
      gap: 0.75rem;
      margin-bottom: 0.75rem;
    }
    .file {
      margin-bottom: 0.5rem;
    }
    summary {
      display: flex;
      align-items: center;
      gap: 0.4rem;
      cursor: pointer;
      padding: 0.3rem 0;
    }
    summary mat-icon {
      font-size: 1.1rem;
      width: 1.1rem;
      height: 1.1rem;
    }
    .change {
      font: var(--mat-sys-label-small);
      text-transform: uppercase;
      color: var(--mat-sys-on-surface-variant);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
    .error {
      color: var(--mat-sys-error);
    }
  `,
})
export class AttemptDiffComponent {
  readonly runId = input.required<string>();
  readonly gateId = input.required<string>();
  readonly attemptNumbers = input.required<number[]>();
  protected readonly from = signal(0);
  protected readonly to = signal(0);
  private readonly api = inject(Api);
  /** The diff of the two attempts chosen (the previous one stays while the next loads). */
  private readonly compared = loader({
    params: () => {
      const [from, to] = [this.from(), this.to()];
      return from && to && from !== to ? { id: this.runId(), gateId: this.gateId(), from, to } : undefined;
    },
    stream: (params) => this.api.invoke(adminRunsGateDiff, params),
    keepWhileLoading: true,
  });
  protected readonly diff = computed<GateDiff | null>(() => this.compared.data() ?? null);
  protected readonly error = computed(() => this.compared.problem()?.message ?? '');

  constructor() {
    // Default: the last two attempts.
    effect(() => {
      const numbers = this.attemptNumbers();
      if (numbers.length >= 2) {
        this.from.set(numbers[numbers.length - 2]);
        this.to.set(numbers[numbers.length - 1]);
      }
    });
  }

  protected icon(change: string): string {
    return change === 'added' ? 'add_circle' : change === 'removed' ? 'remove_circle' : change === 'modified' ? 'edit' : 'drag_handle';
  }

}
