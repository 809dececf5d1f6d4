import { inject, Injectable } from '@angular/core';
import { Api, specsGet, specsList, workflowsGet, workflowsList } from '@esy/api-client';
import { map, type Observable } from 'rxjs';
import { toSpecView, toWorkflowCard, toWorkflowDetail } from './mappers';
import type { Page, SpecView, WorkflowCard, WorkflowDepth, WorkflowDetail, WorkflowType } from './view-models';

export interface WorkflowFilters {
  search?: string;
  type?: WorkflowType | '';
  depth?: WorkflowDepth | '';
}

/** Templates and specs, as users browse them. */
@Injectable({ providedIn: 'root' })
export class WorkflowsData {
  private readonly api = inject(Api);

  list(filters: WorkflowFilters = {}): Observable<WorkflowCard[]> {
    return this.api
      .invoke(workflowsList, { search: filters.search?.trim() || undefined, type: filters.type || undefined, depth: filters.depth || undefined })
      .pipe(map((body) => body.workflows.map(toWorkflowCard)));
  }

  get(slug: string): Observable<WorkflowDetail> {
    return this.api.invoke(workflowsGet, { slug }).pipe(map(toWorkflowDetail));
  }

  specs(): Observable<Page<SpecView>> {
    return this.api.invoke(specsList).pipe(map((body) => ({ items: body.specs.map((spec) => toSpecView(spec)), total: body.total })));
  }

  spec(id: string): Observable<SpecView> {
    return this.api.invoke(specsGet, { id }).pipe(map((spec) => toSpecView(spec)));
  }
}
