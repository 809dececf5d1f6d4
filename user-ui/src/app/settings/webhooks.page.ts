import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators, type AbstractControl, type ValidationErrors } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { Api, type CreatedWebhook, loader, toApiProblem, type Webhook, webhooksCreate, webhooksList, webhooksRemove, webhooksSendTest } from '@esy/api-client';
import { EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, PageHeaderComponent } from '@esy/ui-kit';
import { firstValueFrom } from 'rxjs';
import { SecretCreation } from './secret-creation';
import { WebhookDeliveriesComponent } from './webhook-deliveries.component';

type WebhookEvent = Webhook['events'][number];

/** The events a webhook can receive, in the words the page shows. */
const EVENTS: ReadonlyArray<{ value: WebhookEvent; label: string }> = [
  { value: 'run_completed', label: 'Run completed' },
  { value: 'run_failed', label: 'Run failed' },
  { value: 'run_paused', label: 'Run paused' },
  { value: 'run_cancelled', label: 'Run cancelled' },
];

const httpUrl = (control: AbstractControl<string>): ValidationErrors | null => {
  const value = control.value.trim();
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? null : { url: true };
  } catch {
    return { url: true };
  }
};

/** Webhooks: subscribe a URL to run events (the signing secret is shown once), see each delivery, send a test. */
@Component({
  selector: 'esy-webhooks-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DatePipe,
    ReactiveFormsModule,
    MatButton,
    MatIconButton,
    MatIcon,
    MatCheckbox,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    PageHeaderComponent,
    EmptyStateComponent,
    LoadingStateComponent,
    ErrorStateComponent,
    WebhookDeliveriesComponent,
  ],
  templateUrl: './webhooks.page.html',
  styleUrl: './webhooks.page.scss',
})
export default class WebhooksPage {
  private readonly api = inject(Api);

  protected readonly events = EVENTS;
  protected readonly hooks = loader({ stream: () => this.api.invoke(webhooksList) });
  protected readonly problem = signal<string | null>(null);
  protected readonly confirming = signal<string | null>(null);
  protected readonly busy = signal<string | null>(null);
  /** Webhooks whose delivery log is open, with a counter bumped to refresh it. */
  protected readonly openLogs = signal<ReadonlyMap<string, number>>(new Map());
  protected readonly notice = signal<string | null>(null);

  protected readonly form = new FormGroup({
    url: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(2000), httpUrl] }),
    events: new FormGroup(
      Object.fromEntries(EVENTS.map((e) => [e.value, new FormControl(e.value === 'run_completed' || e.value === 'run_failed', { nonNullable: true })])) as Record<
        WebhookEvent,
        FormControl<boolean>
      >,
      { validators: (group) => (Object.values(group.value).some(Boolean) ? null : { none: true }) },
    ),
    description: new FormControl('', { nonNullable: true, validators: [Validators.maxLength(200)] }),
  });
  protected readonly creation = new SecretCreation<CreatedWebhook>(this.form, this.problem, ['url', 'description']);

  protected async create(): Promise<void> {
    const { url, events, description } = this.form.getRawValue();
    const chosen = EVENTS.map((e) => e.value).filter((value) => events[value]);
    const body = { url: url.trim(), events: chosen, ...(description.trim() ? { description: description.trim() } : {}) };
    if (await this.creation.submit(() => firstValueFrom(this.api.invoke(webhooksCreate, { body })))) this.hooks.reload();
  }

  protected toggleLog(hook: Webhook): void {
    const next = new Map(this.openLogs());
    if (next.has(hook.id)) next.delete(hook.id);
    else next.set(hook.id, 0);
    this.openLogs.set(next);
  }

  protected async sendTest(hook: Webhook): Promise<void> {
    this.busy.set(hook.id);
    this.notice.set(null);
    try {
      await firstValueFrom(this.api.invoke(webhooksSendTest, { id: hook.id }));
      const next = new Map(this.openLogs());
      next.set(hook.id, (next.get(hook.id) ?? 0) + 1);
      this.openLogs.set(next);
      this.notice.set(`Test event queued for ${hook.url}.`);
    } catch (error) {
      this.problem.set(toApiProblem(error).message);
    } finally {
      this.busy.set(null);
    }
  }

  protected async remove(hook: Webhook): Promise<void> {
    this.busy.set(hook.id);
    try {
      await firstValueFrom(this.api.invoke(webhooksRemove, { id: hook.id }));
      this.confirming.set(null);
      this.creation.forget(hook.id);
      this.hooks.reload();
    } catch (error) {
      this.problem.set(toApiProblem(error).message);
    } finally {
      this.busy.set(null);
    }
  }

  protected eventWords(events: readonly string[]): string {
    return EVENTS.filter((e) => events.includes(e.value))
      .map((e) => e.label)
      .join(', ');
  }

  protected urlError(): string {
    const errors = this.form.controls.url.errors ?? {};
    if (typeof errors['server'] === 'string') return errors['server'];
    if (errors['required']) return 'Enter the URL that should receive the events.';
    if (errors['maxlength']) return 'Keep the URL under 2000 characters.';
    return 'Enter a full http:// or https:// address.';
  }

  protected problemOf(error: unknown): string {
    return toApiProblem(error).message;
  }
}
