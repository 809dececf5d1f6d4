import { inject, Injectable } from '@angular/core';
import { map, Observable, shareReplay } from 'rxjs';
import { OptionalApi, type Optional } from './optional-api';

/** A row of `GET /api/admin/models` (SPEC §7); fields we do not use are left out. */
export interface AdminModel {
  id: string;
  provider: string;
  tier: 'top' | 'mid' | 'low' | string;
  display_name?: string | null;
  input_price_per_1k?: string | number | null;
  output_price_per_1k?: string | number | null;
  context_window?: number | null;
  active?: boolean;
  usage?: Record<string, unknown> | null;
}

function listOf(body: unknown): AdminModel[] {
  if (Array.isArray(body)) return body as AdminModel[];
  const record = (body ?? {}) as Record<string, unknown>;
  return ((record['models'] ?? record['items'] ?? []) as AdminModel[]).filter((m) => typeof m?.id === 'string');
}

/** The model table, read once per page load (prices change rarely; the models page reloads it after edits). */
@Injectable({ providedIn: 'root' })
export class ModelsData {
  private readonly optional = inject(OptionalApi);
  private cached: Observable<Optional<AdminModel[]>> | null = null;

  list(refresh = false): Observable<Optional<AdminModel[]>> {
    if (!this.cached || refresh) {
      this.cached = this.optional.get<unknown>('/api/admin/models').pipe(
        map((result): Optional<AdminModel[]> => (result.state === 'ok' ? { state: 'ok', data: listOf(result.data) } : result)),
        shareReplay(1),
      );
    }
    return this.cached;
  }
}

export function priceOf(model: AdminModel): string {
  const fmt = (v: unknown) => (v === null || v === undefined ? '?' : `$${Number(v)}`);
  return `${fmt(model.input_price_per_1k)} / ${fmt(model.output_price_per_1k)} per 1K`;
}
