import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { adminUsersList, Api, toApiProblem, webhooksDeliveries, webhooksList, type Webhook } from '@esy/api-client';
import { DeliveryLogComponent, EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, PageHeaderComponent } from '@esy/ui-kit';
import { forkJoin, map, of } from 'rxjs';
import { dateTime } from '../data/format';

/** The admin users list holds at most this many per page; owners beyond it are shown by id. */
const OWNER_PAGE = 200;

/** Every user's webhooks with their owner, and the delivery log of the one selected. */
@Component({
  selector: 'adm-webhooks-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatIcon, PageHeaderComponent, ErrorStateComponent, EmptyStateComponent, LoadingStateComponent, DeliveryLogComponent],
  template: `
    <div class="esy-page">
      <esy-page-header title="Webhooks" lead="Every subscription on this server, whose it is, and how its deliveries went. Secrets are never shown." />
      @if (hooks.error()) {
        <esy-error-state title="Could not load the webhooks" [message]="problem(hooks.error())" (retry)="hooks.reload()" />
      } @else if (!hooks.hasValue()) {
        <esy-loading-state label="Loading webhooks" shape="rows" [count]="3" />
      } @else if (hooks.value().webhooks.length === 0) {
        <esy-empty-state icon="webhook" title="No webhooks yet" message="Users add them in the Esy app under Webhooks." />
      } @else {
        <div class="scroll">
          <table class="adm-table" data-testid="webhooks-table">
            <thead>
              <tr><th>Owner</th><th>Endpoint</th><th>Events</th><th>Added</th><th><span class="visually-hidden">Delivery log</span></th></tr>
            </thead>
            <tbody>
              @for (hook of hooks.value().webhooks; track hook.id) {
                <tr [attr.data-webhook]="hook.url" [class.selected]="selected()?.id === hook.id">
                  <td data-label="Owner"><div>{{ owner(hook) }}</div></td>
                  <td data-label="Endpoint" class="url">
                    <div><code>{{ hook.url }}</code>@if (hook.description) {<div class="sub">{{ hook.description }}</div>}</div>
                  </td>
                  <td data-label="Events"><div>{{ hook.events.join(', ') }}</div></td>
                  <td data-label="Added"><div>{{ fmtDate(hook.created_at) }}</div></td>
                  <td class="actions">
                    <button mat-button type="button" (click)="select(hook)" [attr.aria-pressed]="selected()?.id === hook.id">
                      <mat-icon aria-hidden="true">history</mat-icon>Deliveries
                    </button>
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
        @if (selected(); as hook) {
          <section class="adm-panel log" aria-labelledby="log-title">
            <div class="log-head">
              <h2 id="log-title">Deliveries to <code>{{ hook.url }}</code></h2>
              <button mat-button type="button" (click)="deliveries.reload()"><mat-icon aria-hidden="true">refresh</mat-icon>Refresh</button>
            </div>
            @if (deliveries.error()) {
              <esy-error-state [message]="problem(deliveries.error())" (retry)="deliveries.reload()" />
            } @else if (deliveries.hasValue()) {
              <esy-delivery-log [deliveries]="deliveries.value()" [label]="'Deliveries to ' + hook.url" />
            } @else {
              <esy-loading-state label="Loading deliveries" shape="rows" [count]="2" />
            }
          </section>
        }
      }
    </div>
  `,
  styles: `
    .scroll {
      overflow-x: auto;
    }
    /* Phones: each webhook becomes a card of labelled lines instead of a table wider than the screen. */
    @media (max-width: 600px) {
      table.adm-table thead {
        display: none;
      }
      table.adm-table tr {
        display: block;
        padding: 0.5rem 0;
        border-bottom: 1px solid var(--mat-sys-outline-variant);
      }
      table.adm-table td {
        display: grid;
        grid-template-columns: 5.5rem minmax(0, 1fr);
        gap: 0.5rem;
        padding: 0.2rem 0.5rem;
        border: 0;
      }
      table.adm-table td::before {
        content: attr(data-label);
        font: var(--mat-sys-label-medium);
        color: var(--mat-sys-on-surface-variant);
      }
      table.adm-table td.actions {
        display: block;
        text-align: left;
      }
    }
    .url code {
      overflow-wrap: anywhere;
    }
    .sub {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    tr.selected td {
      background: var(--mat-sys-secondary-container);
    }
    .actions {
      text-align: right;
      white-space: nowrap;
    }
    .log {
      margin-top: 1.5rem;
    }
    .log-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
    }
    .log-head h2 {
      margin: 0;
      overflow-wrap: anywhere;
    }
  `,
})
export default class WebhooksPage {
  private readonly api = inject(Api);
  protected readonly fmtDate = dateTime;
  protected readonly selected = signal<Webhook | null>(null);

  /** The webhooks and, to name their owners, the users (one page: the console's user list is paged too). */
  protected readonly hooks = rxResource({
    stream: () =>
      forkJoin({
        webhooks: this.api.invoke(webhooksList).pipe(map((r) => r.webhooks)),
        users: this.api.invoke(adminUsersList, { limit: OWNER_PAGE }).pipe(map((r) => r.users)),
      }),
  });
  private readonly emails = computed(() => new Map((this.hooks.hasValue() ? this.hooks.value().users : []).map((u) => [u.id, u.email])));

  protected readonly deliveries = rxResource({
    params: () => this.selected()?.id,
    stream: ({ params: id }) => (id ? this.api.invoke(webhooksDeliveries, { id, limit: 50 }).pipe(map((r) => r.deliveries)) : of([])),
  });

  protected owner(hook: Webhook): string {
    return this.emails().get(hook.user_id) ?? `user ${hook.user_id.slice(0, 8)}…`;
  }

  protected select(hook: Webhook): void {
    this.selected.set(this.selected()?.id === hook.id ? null : hook);
  }

  protected problem(error: unknown): string {
    return toApiProblem(error).message;
  }
}
