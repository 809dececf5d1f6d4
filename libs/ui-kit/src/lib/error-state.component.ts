import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';

/** A failed load: what went wrong in plain words and a way to try again. */
@Component({
  selector: 'esy-error-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatIcon],
  host: { role: 'alert' },
  template: `
    <mat-icon aria-hidden="true">error</mat-icon>
    <div class="text">
      <strong>{{ title() }}</strong>
      <span>{{ message() }}</span>
    </div>
    @if (retryable()) {
      <button mat-stroked-button type="button" (click)="retry.emit()">Try again</button>
    }
  `,
  styles: `
    :host {
      display: flex;
      align-items: center;
      gap: 1rem;
      padding: 1rem 1.25rem;
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .text {
      display: grid;
      flex: 1;
      font: var(--mat-sys-body-medium);
    }
  `,
})
export class ErrorStateComponent {
  readonly title = input('Something went wrong');
  readonly message = input.required<string>();
  readonly retryable = input(true);
  readonly retry = output<void>();
}
