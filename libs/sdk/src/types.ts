import type { components, paths } from './generated/openapi';

/** Schemas of the API, generated from its OpenAPI document (`npm run sdk:generate`). */
export type Schemas = components['schemas'];
export type { components, paths };

export type AuthTokens = Schemas['AuthTokens'];
export type User = Schemas['User'];
export type Run = Schemas['Run'];
export type RunDetail = Schemas['RunDetail'];
export type RunList = Schemas['RunList'];
export type RunStatus = Run['status'];
export type CreateRunRequest = Schemas['CreateRunRequest'];
export type CreateRunResponse = Schemas['CreateRunResponse'];
export type WorkflowTemplate = Schemas['WorkflowTemplate'];
export type Webhook = Schemas['Webhook'];
export type CreatedWebhook = Schemas['CreatedWebhook'];
export type WebhookDelivery = Schemas['WebhookDelivery'];

/** Query of `GET /api/runs` as the document describes it (new parameters, such as a cursor, appear here on regeneration). */
export type ListRunsQuery = NonNullable<paths['/api/runs']['get']['parameters']['query']>;
