import { Module } from '@nestjs/common';
import { AdminProvidersController } from './admin-providers.controller';
import { ProviderCredentialsModule } from './provider-credentials.module';
import { ProvidersService } from './providers.service';

/** Admin routes for provider credentials (`/api/admin/providers`). */
@Module({
  imports: [ProviderCredentialsModule],
  controllers: [AdminProvidersController],
  providers: [ProvidersService],
  exports: [ProvidersService],
})
export class ProvidersModule {}
