import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatOption, MatSelect } from '@angular/material/select';
import { Api, ApiKey, ApiKeyScope, apiKeysCreate, apiKeysList, apiKeysRevoke, CreatedApiKey, loader, toApiProblem, workflowsList } from '@esy/api-client';
import { EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, PageHeaderComponent, StatusBadgeComponent } from '@esy/ui-kit';
import { firstValueFrom } from 'rxjs';
import { SecretCreation } from './secret-creation';

type Access = 'read' | 'read-write';
const SCOPES: Record<Access, ApiKeyScope[]> = { read: ['read'], 'read-write': ['read', 'write'] };

/** API keys for integrations: create (the secret is shown once), list, revoke. */
@Component({
  selector: 'esy-api-keys-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DatePipe,
    ReactiveFormsModule,
    MatButton,
    MatIconButton,
    MatIcon,
    MatFormField,
    MatLabel,
    MatHint,
    MatError,
    MatInput,
    MatSelect,
    MatOption,
    PageHeaderComponent,
    EmptyStateComponent,
    LoadingStateComponent,
    ErrorStateComponent,
    StatusBadgeComponent,
  ],
  templateUrl: './api-keys.page.html',
  styleUrl: './api-keys.page.scss',
})
export default class ApiKeysPage {
  private readonly api = inject(Api);
  protected readonly keys = loader({ stream: () => this.api.invoke(apiKeysList) });
  /** The workflows a new key can be limited to (slug → name, also for naming them in the list). */
  private readonly workflows = loader({ stream: () => this.api.invoke(workflowsList, {}) });
  protected readonly workflowOptions = computed(() => (this.workflows.data()?.workflows ?? []).map((w) => ({ slug: w.slug, name: w.name })));
  protected readonly problem = signal<string | null>(null);
  protected readonly confirming = signal<string | null>(null);
  protected readonly revoking = signal<string | null>(null);

  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(100)] }),
    access: new FormControl<Access>('read-write', { nonNullable: true }),
    /** Empty = every workflow. */
    workflows: new FormControl<string[]>([], { nonNullable: true }),
  });
  protected readonly creation = new SecretCreation<CreatedApiKey>(this.form, this.problem, ['name']);

  protected async create(): Promise<void> {
    const { name, access, workflows } = this.form.getRawValue();
    const body = { name: name.trim(), scopes: SCOPES[access], ...(workflows.length ? { workflows } : {}) };
    if (await this.creation.submit(() => firstValueFrom(this.api.invoke(apiKeysCreate, { body })))) this.keys.reload();
  }

  protected async revoke(key: ApiKey): Promise<void> {
    this.revoking.set(key.id);
    try {
      await firstValueFrom(this.api.invoke(apiKeysRevoke, { id: key.id }));
      this.confirming.set(null);
      this.creation.forget(key.id);
      this.keys.reload();
    } catch (error) {
      this.problem.set(toApiProblem(error).message);
    } finally {
      this.revoking.set(null);
    }
  }

  protected nameError(): string {
    const errors = this.form.controls.name.errors ?? {};
    if (typeof errors['server'] === 'string') return errors['server'];
    if (errors['maxlength']) return 'Keep the name under 100 characters.';
    return 'Give the key a name, e.g. the system that will use it.';
  }

  protected scopeWords(scopes: readonly string[]): string {
    return scopes.includes('write') ? 'Read and start runs' : 'Read only';
  }

  protected workflowWords(slugs: readonly string[] | null): string {
    if (!slugs) return 'All workflows';
    const names = new Map(this.workflowOptions().map((w) => [w.slug, w.name]));
    return `Only ${slugs.map((slug) => names.get(slug) ?? slug).join(', ')}`;
  }

  protected problemOf(error: unknown): string {
    return toApiProblem(error).message;
  }
}
