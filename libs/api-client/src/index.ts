// Public surface of the generated API client (see libs/api-client/README.md).
export { Api } from './generated/api';
export { ApiConfiguration, provideApiConfiguration } from './generated/api-configuration';
export type { StrictHttpResponse } from './generated/strict-http-response';
export * from './generated/models';
export * from './generated/functions';
export * from './api-error';
export * from './run-events';
export * from './loader';
