import { Clipboard } from '@angular/cdk/clipboard';
import { inject, signal, type WritableSignal } from '@angular/core';
import type { FormGroup } from '@angular/forms';
import { toApiProblem } from '@esy/api-client';

/**
 * "Create it, then show its secret once" — the flow the API keys and webhooks pages share. The form opens clean; a
 * valid submit creates the item; an error the server pins on one of `serverFields` goes to that field (the page's
 * `problem` gets anything else); the created item, with its one-time secret, stays on screen until it is dismissed
 * or removed. Construct it in an injection context (it injects the clipboard).
 */
export class SecretCreation<T extends { id: string }> {
  private readonly clipboard = inject(Clipboard);
  readonly creating = signal(false);
  readonly saving = signal(false);
  readonly created = signal<T | null>(null);
  readonly copied = signal(false);

  constructor(
    private readonly form: FormGroup,
    private readonly problem: WritableSignal<string | null>,
    private readonly serverFields: readonly string[],
  ) {}

  open(): void {
    this.created.set(null);
    this.problem.set(null);
    this.form.reset();
    this.creating.set(true);
  }

  /** Creates with `request` when the form is valid and nothing is in flight; true once created. */
  async submit(request: () => Promise<T>): Promise<boolean> {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.saving()) return false;
    this.saving.set(true);
    this.problem.set(null);
    try {
      this.created.set(await request());
      this.copied.set(false);
      this.creating.set(false);
      return true;
    } catch (error) {
      const problem = toApiProblem(error);
      const field = this.serverFields.find((name) => problem.fieldErrors[name]);
      if (field) this.form.get(field)?.setErrors({ server: problem.fieldErrors[field] });
      else this.problem.set(problem.message);
      return false;
    } finally {
      this.saving.set(false);
    }
  }

  copy(secret: string): void {
    this.copied.set(this.clipboard.copy(secret));
  }

  /** The item is gone (revoked, deleted): its secret is not shown any more. */
  forget(id: string): void {
    if (this.created()?.id === id) this.created.set(null);
  }
}
