import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CostProfile, ErrorDetail, Spec, SpecSummary, WorkflowTemplate } from '@esy/api-client';
import type { Observable } from 'rxjs';

/*
 * Admin routes added to the backend after the API client was last generated (templates, specs, agents, models,
 * providers, analytics, settings). The interfaces mirror the backend DTOs (backend/src/{templates,agents,models,
 * providers,costs,settings}/dto); once `npm run api:generate` has picked the routes up, pages can move to the
 * generated functions without changing shape.
 */

export interface AdminTemplate extends WorkflowTemplate {
  active: boolean;
  archived_at: string | null;
  spec_count: number;
  latest_version: string | null;
  run_count: number;
}
export interface SpecVersion extends SpecSummary {
  stage_count: number;
  created_by_id: string | null;
  run_count: number;
}
export interface AdminTemplateDetail extends AdminTemplate {
  versions: SpecVersion[];
  active_spec: Spec | null;
}
export interface TemplateFields {
  slug?: string;
  name?: string;
  type?: string;
  description?: string;
  depth?: string;
  tags?: string[];
  what_you_get?: string[];
  estimated_time?: string | null;
  featured?: boolean;
  sort_order?: number;
  active?: boolean;
}
export interface SpecDraft {
  template_id: string;
  version: string;
  stages: Record<string, unknown>[];
  intent_schema?: Record<string, unknown>[];
  qa_config?: Record<string, unknown>;
  output_guarantees?: string[];
  modes?: string[];
  default_mode?: string;
  artifact_type?: string;
  output_formats?: string[];
  budget_usd?: string | null;
  visibility?: 'public' | 'private';
  activate?: boolean;
}
export interface SpecPreview {
  valid: boolean;
  issues: ErrorDetail[];
  version_hash?: string;
  cost_profile?: CostProfile & { rule?: string };
}
export interface SpecDiff {
  from: SpecSummary;
  to: SpecSummary;
  changed_fields: string[];
  stages: { added: string[]; removed: string[]; changed: string[] };
  patch: string;
}

export interface AgentSpecUsage {
  spec_id: string;
  version: string;
  active: boolean;
  template_id: string;
  template_slug: string;
  template_name: string;
  gates: string[];
}
export interface AgentSummary {
  slug: string;
  name: string;
  category: string;
  role: string;
  tier: string;
  capabilities: string[];
  tools: string[];
  model: string | null;
  max_output_tokens: number | null;
  max_tool_rounds: number | null;
  file: string;
  gates: string[];
  specs: AgentSpecUsage[];
}
export interface AgentDefinition extends AgentSummary {
  front_matter: Record<string, unknown>;
  body: string;
  body_chars?: number;
}

export interface AdminModel {
  id: string;
  display_name: string | null;
  provider: string;
  tier: string;
  input_price_per_1k: string;
  output_price_per_1k: string;
  context_window: number;
  capabilities: { tools: boolean; streaming: boolean; structured_output: boolean };
  provider_configured: boolean;
  api_model_name: string;
  active: boolean;
  usage_this_month: { attempts: number; tokens_in: number; tokens_out: number; cost_usd: string };
  created_at: string;
  updated_at: string;
}
export interface ProviderStatus {
  provider: string;
  protocol: string;
  configured: boolean;
  source: 'database' | 'environment' | null;
  enabled: boolean;
  usable: boolean;
  reason?: string;
  key_last_four: string | null;
  base_url: string | null;
  model_count: number;
  last_checked_at: string | null;
  last_check_ok: boolean | null;
  last_error: string | null;
  updated_at: string | null;
}
export interface ProviderCheckResult {
  provider: string;
  ok: boolean;
  checked_at: string;
  latency_ms: number;
  model_id: string;
  error?: { kind: string; message: string; status?: number };
}

export interface PeriodFigures {
  from: string;
  runs: number;
  completed: number;
  failed: number;
  active: number;
  cost_usd: string;
}
export interface GatePassRate {
  template_id: string;
  template_slug: string | null;
  gate_id: string;
  gate_name: string;
  attempts: number;
  passed: number;
  warnings: number;
  failed: number;
  pass_rate: number | null;
  first_attempts: number;
  first_attempt_passed: number;
  first_attempt_pass_rate: number | null;
}
export interface ModelUsageFigures {
  model_id: string;
  attempts: number;
  passed: number;
  pass_rate: number | null;
  first_attempt_pass_rate: number | null;
  tokens_in: number;
  tokens_out: number;
  cost_usd: string;
}
export interface AnalyticsOverview {
  generated_at: string;
  periods: { today: PeriodFigures; week: PeriodFigures; month: PeriodFigures };
  gate_pass_rates: GatePassRate[];
  model_usage: ModelUsageFigures[];
}
export interface AnalyticsReliability {
  from: string;
  to: string;
  gates_by_model: (GatePassRate & { model_id: string })[];
  models: ModelUsageFigures[];
  overall: ModelUsageFigures;
}
export interface AnalyticsFailCodes {
  from: string;
  to: string;
  failed_attempts: number;
  codes: { code: string; count: number; share: number }[];
  by_gate: { template_id: string; template_slug: string | null; gate_id: string; code: string; count: number }[];
}
export interface AnalyticsCostTrend {
  from: string;
  to: string;
  total_cost_usd: string;
  days: { day: string; attempts: number; tokens_in: number; tokens_out: number; cost_usd: string }[];
  by_model: { day: string; model_id: string; cost_usd: string }[];
}
export interface PlatformSettings {
  max_attempts: number;
  escalate_on_retry: boolean;
  default_run_budget_usd: string | null;
  simulation_enabled: boolean;
  simulator_latency_ms: number;
  simulator_fail_rate: number;
  updated_at: string | null;
}

@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  templates(params: { search?: string; include_archived?: boolean; limit?: number } = {}): Observable<{ templates: AdminTemplate[]; total: number }> {
    const query: Record<string, string> = { limit: String(params.limit ?? 100) };
    if (params.search) query['search'] = params.search;
    if (params.include_archived) query['include_archived'] = 'true';
    return this.http.get<{ templates: AdminTemplate[]; total: number }>('/api/admin/templates', { params: query });
  }
  template(id: string): Observable<AdminTemplateDetail> {
    return this.http.get<AdminTemplateDetail>(`/api/admin/templates/${id}`);
  }
  createTemplate(body: TemplateFields): Observable<AdminTemplateDetail> {
    return this.http.post<AdminTemplateDetail>('/api/admin/templates', body);
  }
  updateTemplate(id: string, body: TemplateFields): Observable<AdminTemplateDetail> {
    return this.http.put<AdminTemplateDetail>(`/api/admin/templates/${id}`, body);
  }
  archiveTemplate(id: string): Observable<unknown> {
    return this.http.delete(`/api/admin/templates/${id}`);
  }
  restoreTemplate(id: string): Observable<unknown> {
    return this.http.post(`/api/admin/templates/${id}/restore`, {});
  }
  duplicateTemplate(id: string, slug: string, name?: string): Observable<AdminTemplateDetail> {
    return this.http.post<AdminTemplateDetail>(`/api/admin/templates/${id}/duplicate`, { slug, ...(name ? { name } : {}) });
  }
  previewSpec(draft: SpecDraft): Observable<SpecPreview> {
    return this.http.post<SpecPreview>('/api/admin/specs/preview', draft);
  }
  publishSpec(draft: SpecDraft): Observable<Spec> {
    return this.http.post<Spec>('/api/admin/specs', draft);
  }
  specDiff(from: string, to: string): Observable<SpecDiff> {
    return this.http.get<SpecDiff>('/api/admin/specs/diff', { params: { from, to } });
  }
  agents(): Observable<{ categories: { category: string; agents: AgentSummary[] }[]; total: number }> {
    return this.http.get<{ categories: { category: string; agents: AgentSummary[] }[]; total: number }>('/api/admin/agents');
  }
  agent(slug: string): Observable<AgentDefinition> {
    return this.http.get<AgentDefinition>(`/api/admin/agents/${slug}`);
  }
  models(): Observable<{ models: AdminModel[]; month_start: string }> {
    return this.http.get<{ models: AdminModel[]; month_start: string }>('/api/admin/models');
  }
  updateModel(id: string, body: Partial<Pick<AdminModel, 'input_price_per_1k' | 'output_price_per_1k' | 'tier' | 'active' | 'display_name'>>): Observable<AdminModel> {
    return this.http.put<AdminModel>(`/api/admin/models/${encodeURIComponent(id)}`, body);
  }
  providers(): Observable<{ providers: ProviderStatus[]; simulation_enabled: boolean }> {
    return this.http.get<{ providers: ProviderStatus[]; simulation_enabled: boolean }>('/api/admin/providers');
  }
  updateProvider(provider: string, body: { api_key?: string | null; base_url?: string | null; enabled?: boolean }): Observable<ProviderStatus> {
    return this.http.put<ProviderStatus>(`/api/admin/providers/${provider}`, body);
  }
  testProvider(provider: string, modelId?: string): Observable<ProviderCheckResult> {
    return this.http.post<ProviderCheckResult>(`/api/admin/providers/${provider}/test`, modelId ? { model_id: modelId } : {});
  }
  overview(): Observable<AnalyticsOverview> {
    return this.http.get<AnalyticsOverview>('/api/admin/analytics/overview');
  }
  reliability(days = 30): Observable<AnalyticsReliability> {
    return this.http.get<AnalyticsReliability>('/api/admin/analytics/reliability', { params: { days } });
  }
  failCodes(days = 30): Observable<AnalyticsFailCodes> {
    return this.http.get<AnalyticsFailCodes>('/api/admin/analytics/fail-codes', { params: { days } });
  }
  costTrend(days = 30): Observable<AnalyticsCostTrend> {
    return this.http.get<AnalyticsCostTrend>('/api/admin/analytics/cost-trend', { params: { days } });
  }
  settings(): Observable<PlatformSettings> {
    return this.http.get<PlatformSettings>('/api/admin/settings');
  }
  updateSettings(body: Partial<Omit<PlatformSettings, 'updated_at'>>): Observable<PlatformSettings> {
    return this.http.put<PlatformSettings>('/api/admin/settings', body);
  }
}
