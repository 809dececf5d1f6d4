import { inject, Injectable } from '@angular/core';
import {
  adminAgentsGet,
  adminAgentsList,
  adminAnalyticsCostTrend,
  adminAnalyticsFailCodes,
  adminAnalyticsOverview,
  adminAnalyticsReliability,
  adminContentContracts,
  adminModelsList,
  adminModelsUpdate,
  adminProvidersList,
  adminProvidersRemove,
  adminProvidersTest,
  adminProvidersUpdate,
  adminSettingsGet,
  adminSettingsUpdate,
  adminSsoGet,
  adminSsoUpdate,
  adminSpecsDiff,
  adminSpecsPreview,
  adminSpecsPublish,
  adminTemplatesArchive,
  adminTemplatesCreate,
  adminTemplatesCreateDraftRun,
  adminTemplatesDuplicate,
  adminTemplatesGet,
  adminTemplatesList,
  adminTemplatesRestore,
  adminTemplatesUpdate,
  Api,
  type AdminModel,
  type CreateDraftRunRequest,
  type CreateTemplateRequest,
  type PublishSpecRequest,
  type SpecDraft,
  type UpdateModelRequest,
  type UpdatePlatformSettingsRequest,
  type UpdateSsoSettingsRequest,
  type UpdateProviderRequest,
  type UpdateTemplateRequest,
} from '@esy/api-client';

export type {
  AdminModel,
  AdminTemplate,
  AdminTemplateDetail,
  AgentDefinition,
  AgentSummary,
  AnalyticsCostTrend,
  AnalyticsFailCodes,
  AnalyticsOverview,
  AnalyticsReliability,
  ContractSummary,
  GateModelReliability,
  GatePassRate,
  PlatformSettings,
  SsoSettings,
  ProviderCheckResult,
  ProviderStatus,
  SpecDiff,
  SpecDraft,
  SpecPreview,
} from '@esy/api-client';

/**
 * The console's admin calls, one method per route, over the generated client (`@esy/api-client`): pages read as
 * `api.templates()` rather than `api.invoke(adminTemplatesList, …)`, and the shapes are the generated models.
 */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly api = inject(Api);

  templates(params: { search?: string; include_archived?: boolean; limit?: number } = {}) {
    return this.api.invoke(adminTemplatesList, { limit: params.limit ?? 100, ...(params.search ? { search: params.search } : {}), ...(params.include_archived ? { include_archived: true } : {}) });
  }
  template(id: string) {
    return this.api.invoke(adminTemplatesGet, { id });
  }
  createTemplate(body: CreateTemplateRequest) {
    return this.api.invoke(adminTemplatesCreate, { body });
  }
  updateTemplate(id: string, body: UpdateTemplateRequest) {
    return this.api.invoke(adminTemplatesUpdate, { id, body });
  }
  archiveTemplate(id: string) {
    return this.api.invoke(adminTemplatesArchive, { id });
  }
  restoreTemplate(id: string) {
    return this.api.invoke(adminTemplatesRestore, { id });
  }
  duplicateTemplate(id: string, slug: string, name?: string) {
    return this.api.invoke(adminTemplatesDuplicate, { id, body: { slug, ...(name ? { name } : {}) } });
  }
  /** Runs the editor's unpublished draft as an admin-only draft test run. */
  createDraftRun(templateId: string, body: CreateDraftRunRequest) {
    return this.api.invoke(adminTemplatesCreateDraftRun, { id: templateId, body });
  }
  previewSpec(draft: SpecDraft) {
    return this.api.invoke(adminSpecsPreview, { body: draft });
  }
  publishSpec(draft: PublishSpecRequest) {
    return this.api.invoke(adminSpecsPublish, { body: draft });
  }
  specDiff(from: string, to: string) {
    return this.api.invoke(adminSpecsDiff, { from, to });
  }
  contracts() {
    return this.api.invoke(adminContentContracts);
  }
  agents() {
    return this.api.invoke(adminAgentsList);
  }
  agent(slug: string) {
    return this.api.invoke(adminAgentsGet, { slug });
  }
  models() {
    return this.api.invoke(adminModelsList);
  }
  updateModel(id: string, body: UpdateModelRequest) {
    return this.api.invoke(adminModelsUpdate, { id, body });
  }
  providers() {
    return this.api.invoke(adminProvidersList);
  }
  updateProvider(provider: string, body: UpdateProviderRequest) {
    return this.api.invoke(adminProvidersUpdate, { provider, body });
  }
  removeProviderKey(provider: string) {
    return this.api.invoke(adminProvidersRemove, { provider });
  }
  testProvider(provider: string, modelId?: string) {
    return this.api.invoke(adminProvidersTest, { provider, body: modelId ? { model_id: modelId } : {} });
  }
  /** Analytics count real work only unless `includeSimulated`; simulated figures always come apart under `simulated`. */
  overview(includeSimulated = false) {
    return this.api.invoke(adminAnalyticsOverview, { include_simulated: includeSimulated });
  }
  reliability(days = 30, includeSimulated = false) {
    return this.api.invoke(adminAnalyticsReliability, { days, include_simulated: includeSimulated });
  }
  failCodes(days = 30, includeSimulated = false) {
    return this.api.invoke(adminAnalyticsFailCodes, { days, include_simulated: includeSimulated });
  }
  costTrend(days = 30, includeSimulated = false) {
    return this.api.invoke(adminAnalyticsCostTrend, { days, include_simulated: includeSimulated });
  }
  settings() {
    return this.api.invoke(adminSettingsGet);
  }
  updateSettings(body: UpdatePlatformSettingsRequest) {
    return this.api.invoke(adminSettingsUpdate, { body });
  }
  ssoSettings() {
    return this.api.invoke(adminSsoGet);
  }
  updateSsoSettings(body: UpdateSsoSettingsRequest) {
    return this.api.invoke(adminSsoUpdate, { body });
  }
}

/** Keeps the model list type in one place for pickers. */
export type ModelRow = AdminModel;
