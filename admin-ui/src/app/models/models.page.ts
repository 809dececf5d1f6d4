import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltip } from '@angular/material/tooltip';
import { loader, toApiProblem } from '@esy/api-client';
import { ErrorStateComponent, LoadingStateComponent, PageHeaderComponent, StatusBadgeComponent } from '@esy/ui-kit';
import { firstValueFrom, forkJoin } from 'rxjs';
import { AdminApi, type AdminModel, type ProviderCheckResult, type ProviderStatus } from '../data/admin-api';
import { dateTime, tokens, usd } from '../data/format';
import { NewModelDialogComponent, type NewModelDialogData } from './new-model-dialog.component';

const TIER_ORDER: Record<string, number> = { top: 0, mid: 1, low: 2 };

/** Models and providers: prices, tiers and usage per model; credentials status and a live test per provider. */
@Component({
  selector: 'adm-models-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButton, MatFormField, MatLabel, MatHint, MatInput, MatIcon, MatSlideToggle, MatTooltip, PageHeaderComponent, ErrorStateComponent, LoadingStateComponent, StatusBadgeComponent],
  template: `
    <div class="esy-page">
      <esy-page-header title="Models & providers" lead="What each model costs and how much it is used; which providers have credentials, and whether they answer." />
      @if (catalog.problem(); as problem) {
        <esy-error-state [message]="problem.message" (retry)="catalog.reload()" />
      } @else if (catalog.data()) {
        <section class="adm-panel" aria-labelledby="providers-title">
          <h2 id="providers-title">Providers @if (simulation()) { <small>· providers without a key are served by the simulator</small> }</h2>
          <div class="providers">
            @for (p of providers(); track p.provider) {
              <article class="provider" [attr.data-provider]="p.provider">
                <header>
                  <strong>{{ p.provider }}</strong>
                  <esy-status-badge [status]="p.usable ? 'active' : p.configured ? 'paused' : 'pending'" [label]="p.usable ? 'Ready' : p.configured ? 'Not usable' : 'No key'" />
                </header>
                <dl>
                  <dt>Key</dt><dd class="adm-mono">{{ p.key_last_four ? '••••' + p.key_last_four : 'not set' }}@if (p.source) { <small>({{ p.source }})</small> }</dd>
                  <dt>Protocol</dt><dd>{{ p.protocol }}@if (p.base_url) { · <span class="adm-mono">{{ p.base_url }}</span> }</dd>
                  <dt>Models</dt><dd>{{ p.model_count }}</dd>
                  <dt>Last test</dt><dd>@if (p.last_checked_at) { {{ p.last_check_ok ? 'OK' : 'failed' }} · {{ fmtDate(p.last_checked_at) }} } @else { never }</dd>
                </dl>
                @if (p.reason) {
                  <p class="muted">{{ p.reason }}</p>
                }
                @if (p.last_error) {
                  <p class="bad">{{ p.last_error }}</p>
                }
                @if (results()[p.provider]; as r) {
                  <p [class.ok]="r.ok" [class.bad]="!r.ok" data-testid="provider-test-result">
                    {{ r.ok ? 'Answered in ' + r.latency_ms + ' ms on ' + r.model_id : (r.error?.message ?? 'Failed') }}
                  </p>
                }
                <div class="row">
                  <button mat-stroked-button type="button" (click)="test(p.provider)" [disabled]="testing() === p.provider"><mat-icon>network_check</mat-icon>Test connection</button>
                  <button mat-button type="button" (click)="editing.set(editing() === p.provider ? null : p.provider)"><mat-icon>key</mat-icon>{{ p.configured ? 'Change key' : 'Set key' }}</button>
                </div>
                @if (editing() === p.provider) {
                  <form [formGroup]="keyForm" (ngSubmit)="saveKey(p)" class="key">
                    <mat-form-field appearance="outline" subscriptSizing="dynamic">
                      <mat-label>API key</mat-label>
                      <input matInput type="password" formControlName="apiKey" autocomplete="off" />
                      <mat-hint>Stored encrypted; never shown again.</mat-hint>
                    </mat-form-field>
                    <mat-form-field appearance="outline" subscriptSizing="dynamic">
                      <mat-label>Base URL (optional)</mat-label>
                      <input matInput formControlName="baseUrl" placeholder="http://127.0.0.1:11434/v1" />
                    </mat-form-field>
                    <div class="row">
                      <button mat-flat-button type="submit">Save</button>
                      @if (p.source === 'database') {
                        <button mat-button type="button" (click)="removeKey(p)">Remove stored key</button>
                      }
                    </div>
                  </form>
                }
              </article>
            }
          </div>
        </section>
        <section class="adm-panel" aria-labelledby="models-title">
          <div class="models-head">
            <h2 id="models-title">Models <small>usage since {{ fmtDate(monthStart()) }}</small></h2>
            <button mat-stroked-button type="button" (click)="addModel()"><mat-icon>add</mat-icon>Add a model</button>
          </div>
          <table class="adm-table" data-testid="models-table">
            <thead>
              <tr><th>Model</th><th>Provider</th><th>Tier</th><th class="num">In / 1K</th><th class="num">Out / 1K</th><th class="num">Context</th><th class="num">Attempts</th><th class="num">Tokens</th><th class="num">Cost</th><th>Active</th><th></th></tr>
            </thead>
            <tbody>
              @for (m of models(); track m.id) {
                <tr [attr.data-model]="m.id">
                  <td><span class="adm-mono">{{ m.id }}</span>@if (m.display_name) { <div class="muted">{{ m.display_name }}</div> }</td>
                  <td>{{ m.provider }}@if (!m.provider_configured) { <mat-icon class="sim" matTooltip="No credentials: served by the simulator">science</mat-icon> }</td>
                  @if (pricing() === m.id) {
                    <td [formGroup]="priceForm">
                      <select formControlName="tier" aria-label="Tier" class="cell-input">
                        <option value="top">top</option><option value="mid">mid</option><option value="low">low</option>
                      </select>
                    </td>
                    <td class="num" [formGroup]="priceForm"><input class="cell-input" formControlName="input" aria-label="Input price per 1K tokens" /></td>
                    <td class="num" [formGroup]="priceForm"><input class="cell-input" formControlName="output" aria-label="Output price per 1K tokens" /></td>
                  } @else {
                    <td><span class="tier" [attr.data-tier]="m.tier">{{ m.tier }}</span></td>
                    <td class="num">{{ '$' + m.input_price_per_1k }}</td>
                    <td class="num">{{ '$' + m.output_price_per_1k }}</td>
                  }
                  <td class="num">{{ fmtTokens(m.context_window) }}</td>
                  <td class="num">{{ m.usage_this_month.attempts }}</td>
                  <td class="num">{{ fmtTokens(m.usage_this_month.tokens_in + m.usage_this_month.tokens_out) }}</td>
                  <td class="num">
                    {{ fmtUsd(m.usage_this_month.cost_usd) }}
                    @if (m.simulated_usage_this_month.attempts) {
                      <small class="sim-usage" data-testid="simulated-usage">+{{ m.simulated_usage_this_month.attempts }} simulated att. ({{ fmtUsd(m.simulated_usage_this_month.cost_usd) }}, not counted)</small>
                    }
                  </td>
                  <td><mat-slide-toggle [checked]="m.active" (change)="setActive(m, $event.checked)" [aria-label]="'Active: ' + m.id" /></td>
                  <td>
                    @if (pricing() === m.id) {
                      <button mat-button type="button" (click)="savePrices(m)" [disabled]="priceForm.invalid">Save</button>
                      <button mat-button type="button" (click)="pricing.set(null)">Cancel</button>
                    } @else {
                      <button mat-button type="button" (click)="editPrices(m)" [attr.aria-label]="'Edit prices of ' + m.id">Edit</button>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </section>
      } @else {
        <esy-loading-state shape="rows" [count]="6" label="Loading models" />
      }
    </div>
  `,
  styles: `
    .sim-usage {
      display: block;
      color: var(--mat-sys-on-surface-variant);
      font-weight: 400;
    }
    .models-head {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
    }
    .providers {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(19rem, 1fr));
      gap: 1rem;
    }
    .provider {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-medium);
      padding: 0.75rem 1rem;
    }
    .provider header {
      display: flex;
      justify-content: space-between;
      align-items: center;
      margin-bottom: 0.5rem;
      text-transform: capitalize;
    }
    dl {
      display: grid;
      grid-template-columns: 5.5rem 1fr;
      gap: 0.2rem 0.5rem;
      margin: 0 0 0.5rem;
      font: var(--mat-sys-body-small);
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
    }
    .row {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
    }
    .key {
      display: flex;
      flex-direction: column;
      gap: 0.6rem;
      margin-top: 0.75rem;
    }
    .cell-input {
      width: 5.5rem;
      padding: 0.25rem 0.4rem;
      font: inherit;
      text-align: right;
      border: 1px solid var(--mat-sys-outline);
      border-radius: 4px;
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
    }
    .tier {
      padding: 0 0.4rem;
      border-radius: 4px;
      font: var(--mat-sys-label-small);
      text-transform: uppercase;
      background: var(--mat-sys-surface-container-highest);
    }
    .tier[data-tier='top'] {
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
    .sim {
      font-size: 1rem;
      width: 1rem;
      height: 1rem;
      vertical-align: -0.2rem;
      color: var(--esy-info);
    }
    h2 small {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .bad {
      color: var(--mat-sys-error);
      font: var(--mat-sys-body-small);
    }
    .ok {
      color: var(--esy-success);
      font: var(--mat-sys-body-small);
    }
    section + section {
      margin-top: 1rem;
    }
    td {
      vertical-align: middle !important;
    }
  `,
})
export default class ModelsPage {
  private readonly api = inject(AdminApi);
  private readonly snack = inject(MatSnackBar);
  private readonly dialog = inject(MatDialog);
  /** The model table and the providers' key status (reloaded, not emptied, after a change). */
  protected readonly catalog = loader({ stream: () => forkJoin({ models: this.api.models(), providers: this.api.providers() }) });
  protected readonly results = signal<Partial<Record<string, ProviderCheckResult>>>({});
  protected readonly testing = signal<string | null>(null);
  protected readonly editing = signal<string | null>(null);
  /** The model whose prices and tier are being edited in its row. */
  protected readonly pricing = signal<string | null>(null);
  protected readonly priceForm = new FormGroup({
    tier: new FormControl<'top' | 'mid' | 'low'>('mid', { nonNullable: true }),
    input: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^\d+(\.\d+)?$/)] }),
    output: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.pattern(/^\d+(\.\d+)?$/)] }),
  });
  protected readonly keyForm = new FormGroup({
    apiKey: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.minLength(8)] }),
    baseUrl: new FormControl('', { nonNullable: true }),
  });
  protected readonly models = computed(() =>
    [...(this.catalog.data()?.models.models ?? [])].sort((a, b) => a.provider.localeCompare(b.provider) || (TIER_ORDER[a.tier] ?? 9) - (TIER_ORDER[b.tier] ?? 9)),
  );
  protected readonly providers = computed(() => this.catalog.data()?.providers.providers ?? []);
  protected readonly simulation = computed(() => this.catalog.data()?.providers.simulation_enabled ?? false);
  protected readonly monthStart = computed(() => this.catalog.data()?.models.month_start ?? null);
  protected fmtUsd = usd;
  protected fmtTokens = tokens;
  protected fmtDate = dateTime;

  private load(): void {
    this.catalog.reload();
  }

  protected async addModel(): Promise<void> {
    const ref = this.dialog.open<NewModelDialogComponent, NewModelDialogData, AdminModel>(NewModelDialogComponent, {
      data: { providers: this.providers().map((p) => p.provider) },
      width: '40rem',
      autoFocus: 'first-tabbable',
    });
    const created = await firstValueFrom(ref.afterClosed());
    if (!created) return;
    this.snack.open(`${created.id} added`, undefined, { duration: 2500 });
    this.load();
  }

  protected async test(provider: string): Promise<void> {
    this.testing.set(provider);
    try {
      const result = await firstValueFrom(this.api.testProvider(provider));
      this.results.update((all) => ({ ...all, [provider]: result }));
    } catch (error) {
      this.snack.open(toApiProblem(error).message, 'Dismiss', { duration: 6000 });
    } finally {
      this.testing.set(null);
      this.load();
    }
  }

  protected saveKey(p: ProviderStatus): void {
    if (this.keyForm.invalid) {
      this.keyForm.markAllAsTouched();
      return;
    }
    const { apiKey, baseUrl } = this.keyForm.getRawValue();
    this.api.updateProvider(p.provider, { api_key: apiKey, ...(baseUrl ? { base_url: baseUrl } : {}) }).subscribe({
      next: () => {
        this.keyForm.reset();
        this.editing.set(null);
        this.snack.open(`${p.provider} key saved`, undefined, { duration: 2500 });
        this.load();
      },
      error: (e) => this.snack.open(toApiProblem(e).message, 'Dismiss', { duration: 6000 }),
    });
  }

  protected removeKey(p: ProviderStatus): void {
    this.api.removeProviderKey(p.provider).subscribe({ next: () => this.load(), error: (e) => this.snack.open(toApiProblem(e).message, 'Dismiss', { duration: 6000 }) });
  }

  protected editPrices(m: AdminModel): void {
    this.priceForm.setValue({ tier: m.tier as 'top' | 'mid' | 'low', input: String(m.input_price_per_1k), output: String(m.output_price_per_1k) });
    this.pricing.set(m.id);
  }

  /** New prices apply to attempts from now on; recorded costs never change. */
  protected savePrices(m: AdminModel): void {
    const v = this.priceForm.getRawValue();
    this.api.updateModel(m.id, { tier: v.tier, input_price_per_1k: v.input, output_price_per_1k: v.output }).subscribe({
      next: () => {
        this.pricing.set(null);
        this.snack.open(`${m.id} updated; new prices apply to new attempts`, undefined, { duration: 3000 });
        this.load();
      },
      error: (e) => this.snack.open(toApiProblem(e).message, 'Dismiss', { duration: 6000 }),
    });
  }

  protected setActive(m: AdminModel, active: boolean): void {
    this.api.updateModel(m.id, { active }).subscribe({ next: () => this.load(), error: (e) => this.snack.open(toApiProblem(e).message, 'Dismiss', { duration: 6000 }) });
  }
}
