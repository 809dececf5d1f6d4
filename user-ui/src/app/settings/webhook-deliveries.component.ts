import { ChangeDetectionStrategy, Component, effect, inject, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { Api, loader, toApiProblem, webhooksDeliveries } from '@esy/api-client';
import { DeliveryLogComponent, ErrorStateComponent, LoadingStateComponent } from '@esy/ui-kit';

/** How often a log with a delivery in flight is read again: soon for a first attempt, slower between retries. */
const POLL_FIRST_MS = 1500;
const POLL_RETRY_MS = 10_000;

/** One webhook's delivery log, refreshed while a delivery is still being sent or retried. */
@Component({
  selector: 'esy-webhook-deliveries',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatIcon, DeliveryLogComponent, LoadingStateComponent, ErrorStateComponent],
  template: `
    <div class="head">
      <h3>Delivery log</h3>
      <button mat-button type="button" (click)="log.reload()" [disabled]="log.isLoading()">
        <mat-icon aria-hidden="true">refresh</mat-icon>Refresh
      </button>
    </div>
    @if (log.error()) {
      <esy-error-state title="Could not load the delivery log" [message]="problem()" (retry)="log.reload()" />
    } @else if (log.data(); as page) {
      <esy-delivery-log [deliveries]="page.deliveries" [label]="'Deliveries to ' + url()" />
    } @else {
      <esy-loading-state label="Loading the delivery log" shape="rows" [count]="2" />
    }
  `,
  styles: `
    .head {
      display: flex;
      align-items: center;
      justify-content: space-between;
      margin-bottom: 0.25rem;
    }
    h3 {
      margin: 0;
      font: var(--mat-sys-title-small);
    }
  `,
})
export class WebhookDeliveriesComponent {
  private readonly api = inject(Api);
  readonly webhookId = input.required<string>();
  readonly url = input('');
  /** Bumped by the page after "Send test event", so the new delivery shows at once. */
  readonly refresh = input(0);

  protected readonly log = loader({
    params: () => ({ id: this.webhookId(), n: this.refresh() }),
    stream: ({ id }) => this.api.invoke(webhooksDeliveries, { id, limit: 20 }),
  });

  constructor() {
    effect((onCleanup) => {
      const page = this.log.data();
      const pending = page?.deliveries.filter((d) => d.status === 'pending') ?? [];
      if (!pending.length) return;
      const timer = setTimeout(() => this.log.reload(), pending.some((d) => d.attempts === 0) ? POLL_FIRST_MS : POLL_RETRY_MS);
      onCleanup(() => clearTimeout(timer));
    });
  }

  protected problem(): string {
    return toApiProblem(this.log.error()).message;
  }
}
