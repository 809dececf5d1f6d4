import { Clipboard } from '@angular/cdk/clipboard';
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
  private readonly clipboard = inject(Clipboard);

  protected readonly keys = loader({ stream: () => this.api.invoke(apiKeysList) });
  /** The workflows a new key can be limited to (slug → name, also for naming them in the list). */
  private readonly workflows = loader({ stream: () => this.api.invoke(workflowsList, {}) });
  protected readonly workflowOptions = computed(() => (this.workflows.data()?.workflows ?? []).map((w) => ({ slug: w.slug, name: w.name })));
  protected readonly creating = signal(false);
  protected readonly saving = signal(false);
  protected readonly problem = signal<string | null>(null);
  protected readonly created = signal<CreatedApiKey | null>(null);
  protected readonly copied = signal(false);
  protected readonly confirming = signal<string | null>(null);
  protected readonly revoking = signal<string | null>(null);

  protected readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.maxLength(100)] }),
    access: new FormControl<Access>('read-write', { nonNullable: true }),
    /** Empty = every workflow. */
    workflows: new FormControl<string[]>([], { nonNullable: true }),
  });

  protected openCreate(): void {
    this.created.set(null);
    this.problem.set(null);
    this.form.reset();
    this.creating.set(true);
  }

  protected async create(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving()) return;
    this.saving.set(true);
    this.problem.set(null);
    const { name, access, workflows } = this.form.getRawValue();
    try {
      const body = { name: name.trim(), scopes: SCOPES[access], ...(workflows.length ? { workflows } : {}) };
      const key = await firstValueFrom(this.api.invoke(apiKeysCreate, { body }));
      this.created.set(key);
      this.copied.set(false);
      this.creating.set(false);
      this.keys.reload();
    } catch (error) {
      const problem = toApiProblem(error);
      if (problem.fieldErrors['name']) this.form.controls.name.setErrors({ server: problem.fieldErrors['name'] });
      else this.problem.set(problem.message);
    } finally {
      this.saving.set(false);
    }
  }

  protected copy(secret: string): void {
    this.copied.set(this.clipboard.copy(secret));
  }

  protected async revoke(key: ApiKey): Promise<void> {
    this.revoking.set(key.id);
    try {
      await firstValueFrom(this.api.invoke(apiKeysRevoke, { id: key.id }));
      this.confirming.set(null);
      if (this.created()?.id === key.id) this.created.set(null);
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
