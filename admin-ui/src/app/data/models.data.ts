import { inject, Injectable } from '@angular/core';
import { map, Observable, ReplaySubject, share } from 'rxjs';
import { AdminApi, type AdminModel } from './admin-api';

/** The model table, read once per page load and shared (pickers in dialogs and the template editor). */
@Injectable({ providedIn: 'root' })
export class ModelsData {
  private readonly api = inject(AdminApi);
  private cached: Observable<AdminModel[]> | null = null;

  list(refresh = false): Observable<AdminModel[]> {
    if (!this.cached || refresh) {
      this.cached = this.api.models().pipe(
        map((result) => result.models),
        // A failed read is not kept: the next caller asks again.
        share({ connector: () => new ReplaySubject(1), resetOnError: true, resetOnComplete: false, resetOnRefCountZero: false }),
      );
    }
    return this.cached;
  }
}

export function priceOf(model: Pick<AdminModel, 'input_price_per_1k' | 'output_price_per_1k'>): string {
  return `$${Number(model.input_price_per_1k)} / $${Number(model.output_price_per_1k)} per 1K`;
}
