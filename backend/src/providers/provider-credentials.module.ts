import { Global, Module } from '@nestjs/common';
import { PROVIDER_CONFIG_SOURCE } from '../engine/model-resolver.provider';
import { ProviderCredentialsStore } from './provider-credentials.store';

/**
 * The encrypted provider credentials, for the API and the worker: global so that the engine's model resolver
 * (which injects PROVIDER_CONFIG_SOURCE optionally) picks up keys stored through the admin API.
 */
@Global()
@Module({
  providers: [ProviderCredentialsStore, { provide: PROVIDER_CONFIG_SOURCE, useExisting: ProviderCredentialsStore }],
  exports: [ProviderCredentialsStore, PROVIDER_CONFIG_SOURCE],
})
export class ProviderCredentialsModule {}
