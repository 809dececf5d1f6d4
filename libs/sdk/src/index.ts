// @esy/sdk: a small, framework-free client for the Esy API (Node 20: fetch, crypto). Types are generated from the
// API's OpenAPI document (src/generated, `npm run sdk:generate`); everything else is here by hand.
export { EsyClient, type EsyClientOptions, type StartRun } from './client';
export type { Credentials } from './auth';
export { EsyApiError, PackageVerificationError, type FieldError } from './errors';
export { RUN_EVENT_TYPES, TERMINAL_RUN_EVENT_TYPES, parseRunEvent, type RunEvent, type RunEventPayload, type RunEventType } from './events';
export type { FollowOptions } from './follow';
export { verifyPackage, type ManifestFile, type PackageManifest, type VerifiedPackage } from './package-download';
export { verifyWebhookSignature } from './webhook-signature';
export type * from './types';
