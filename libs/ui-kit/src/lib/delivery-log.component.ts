import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { StatusBadgeComponent } from './status-badge.component';

/** One webhook delivery as the API's delivery log reports it (a structural copy: ui-kit knows no API client). */
export interface DeliveryLogEntry {
  id: string;
  event_id: string;
  event_type: string;
  status: 'pending' | 'succeeded' | 'failed' | string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  last_attempt_at: string | null;
}

/** A webhook's delivery log: outcome, event, attempts, last response code, newest first. */
@Component({
  selector: 'esy-delivery-log',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, StatusBadgeComponent],
  template: `
    @if (deliveries().length) {
      <table class="log" [attr.aria-label]="label()">
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Event</th>
            <th scope="col">Attempts</th>
            <th scope="col">Last response</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          @for (d of deliveries(); track d.id) {
            <tr [attr.data-delivery]="d.event_type" [attr.data-status]="d.status">
              <!-- Each cell's content sits in one element: on phones the cell is a two-column grid (label, value). -->
              <td data-label="Status"><div><esy-status-badge [status]="badge(d)" [label]="words(d)" /></div></td>
              <td data-label="Event">
                <div>
                  <code>{{ d.event_type }}</code>
                  <div class="sub" [title]="'Esy-Event-Id: ' + d.event_id">{{ d.event_id }}</div>
                </div>
              </td>
              <td data-label="Attempts"><div>{{ d.attempts }}</div></td>
              <td data-label="Last response">
                <div>
                  {{ d.last_status_code ?? (d.attempts ? 'No answer' : '—') }}
                  @if (d.last_error) {
                    <div class="sub error">{{ d.last_error }}</div>
                  }
                </div>
              </td>
              <td data-label="When"><div>{{ d.last_attempt_at ?? d.created_at | date: 'medium' }}</div></td>
            </tr>
          }
        </tbody>
      </table>
    } @else {
      <p class="none">No deliveries yet. Events are sent when a subscribed run event happens, or with “Send test event”.</p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .log {
      width: 100%;
      border-collapse: collapse;
      font: var(--mat-sys-body-medium);
    }
    th {
      text-align: left;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
      padding: 0.4rem 0.6rem;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    td {
      padding: 0.5rem 0.6rem;
      vertical-align: top;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    tr:last-child td {
      border-bottom: 0;
    }
    .sub {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
      overflow-wrap: anywhere;
    }
    .error {
      color: var(--mat-sys-error);
    }
    .none {
      margin: 0;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    /* Phones: each delivery becomes a small card of labelled lines. */
    @media (max-width: 600px) {
      thead {
        display: none;
      }
      tr,
      td {
        display: block;
      }
      tr {
        padding: 0.5rem 0;
        border-bottom: 1px solid var(--mat-sys-outline-variant);
      }
      tr:last-child {
        border-bottom: 0;
      }
      td {
        display: grid;
        grid-template-columns: 7.5rem minmax(0, 1fr);
        gap: 0.5rem;
        padding: 0.2rem 0;
        border: 0;
      }
      td::before {
        content: attr(data-label);
        font: var(--mat-sys-label-medium);
        color: var(--mat-sys-on-surface-variant);
      }
    }
  `,
})
export class DeliveryLogComponent {
  readonly deliveries = input.required<readonly DeliveryLogEntry[]>();
  readonly label = input('Delivery log');

  protected badge(d: DeliveryLogEntry): string {
    return d.status === 'succeeded' ? 'completed' : d.status === 'failed' ? 'failed' : d.attempts > 0 ? 'paused' : 'pending';
  }

  protected words(d: DeliveryLogEntry): string {
    if (d.status === 'succeeded') return 'Delivered';
    if (d.status === 'failed') return 'Failed';
    return d.attempts > 0 ? 'Retrying' : 'Sending';
  }
}
