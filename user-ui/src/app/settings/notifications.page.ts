import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { Api, loader, meGetNotificationSettings, meUpdateNotificationSettings, toApiProblem } from '@esy/api-client';
import { ErrorStateComponent, LoadingStateComponent, PageHeaderComponent } from '@esy/ui-kit';
import { firstValueFrom } from 'rxjs';

/** How the user hears about their runs: the bell is always on; email when a run pauses or finishes is a choice. */
@Component({
  selector: 'esy-notifications-settings-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatSlideToggle, MatIcon, PageHeaderComponent, LoadingStateComponent, ErrorStateComponent],
  template: `
    <div class="esy-page">
      <esy-page-header eyebrow="Settings" title="Notifications" lead="The bell at the top tells you when one of your runs pauses, finishes or fails, in every tab you have open." />
      @if (settings.problem(); as problem) {
        <esy-error-state [message]="problem.message" (retry)="settings.reload()" />
      } @else if (settings.data(); as current) {
        <section class="card">
          <mat-slide-toggle data-testid="email-toggle" [checked]="emailOn()" [disabled]="saving()" (change)="save($event.checked)">
            Email me when a run pauses, finishes or fails
          </mat-slide-toggle>
          <p class="hint">The email says what happened and links to the run. It goes to the address you sign in with.</p>
          @if (!current.email_available) {
            <p class="note" role="note">
              <mat-icon aria-hidden="true">info</mat-icon>
              This server is not set up to send email yet: your choice is kept, but nothing is sent until it is.
            </p>
          }
          @if (message(); as text) {
            <p class="status" role="status">{{ text }}</p>
          }
        </section>
      } @else {
        <esy-loading-state label="Loading your notification settings" />
      }
    </div>
  `,
  styles: `
    .card {
      padding: 1.25rem;
      border-radius: 12px;
      border: 1px solid var(--mat-sys-outline-variant);
      background: var(--mat-sys-surface-container-low);
      max-width: 40rem;
    }
    .hint,
    .note,
    .status {
      margin: 0.75rem 0 0;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-medium);
    }
    .note {
      display: flex;
      gap: 0.5rem;
      align-items: flex-start;
    }
    .note mat-icon {
      flex: none;
    }
    /* Room between the switch and its label (Material sets almost none). */
    mat-slide-toggle ::ng-deep .mdc-label {
      padding-left: 0.75rem;
    }
  `,
})
export default class NotificationsSettingsPage {
  private readonly api = inject(Api);
  protected readonly settings = loader({ stream: () => this.api.invoke(meGetNotificationSettings) });
  protected readonly emailOn = signal(false);
  protected readonly saving = signal(false);
  protected readonly message = signal<string | null>(null);

  constructor() {
    effect(() => {
      const loaded = this.settings.data();
      if (loaded) this.emailOn.set(loaded.email_run_updates);
    });
  }

  protected async save(on: boolean): Promise<void> {
    this.saving.set(true);
    this.message.set(null);
    try {
      const saved = await firstValueFrom(this.api.invoke(meUpdateNotificationSettings, { body: { email_run_updates: on } }));
      this.emailOn.set(saved.email_run_updates);
      this.message.set(saved.email_run_updates ? 'Run emails are on.' : 'Run emails are off.');
    } catch (error) {
      this.emailOn.set(!on);
      this.message.set(toApiProblem(error).message);
    } finally {
      this.saving.set(false);
    }
  }
}
