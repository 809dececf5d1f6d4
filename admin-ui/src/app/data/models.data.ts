import { inject, Injectable } from '@angular/core';
import { map, Observable, shareReplay } from 'rxjs';
import { AdminApi, type AdminModel } from './admin-api';
import { asOptional, type Optional } from './optional-api';

/** The model table, read once per page load and shared (pickers in dialogs and the template editor). */
@Injectable({ providedIn: 'root' })
export class ModelsData {
  private readonly api = inject(AdminApi);
  private cached: Observable<Optional<AdminModel[]>> | null = null;

  list(refresh = false): Observable<Optional<AdminModel[]>> {
    if (!this.cached || refresh) {
      this.cached = asOptional(this.api.models()).pipe(
        map((result): Optional<AdminModel[]> => (result.state === 'ok' ? { state: 'ok', data: result.data.models } : result)),
        shareReplay(1),
      );
    }
    return this.cached;
  }
}

export function priceOf(model: Pick<AdminModel, 'input_price_per_1k' | 'output_price_per_1k'>): string {
  return `$${Number(model.input_price_per_1k)} / $${Number(model.output_price_per_1k)} per 1K`;
}
