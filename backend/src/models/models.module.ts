import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProviderCredentialsModule } from '../providers/provider-credentials.module';
import { AdminModelsController } from './admin-models.controller';
import { Model } from './entities/model.entity';
import { ProviderCredential } from './entities/provider-credential.entity';
import { ModelsController } from './models.controller';
import { ModelsSeeder } from './models.seeder';
import { ModelsService } from './models.service';

/** The model catalogue: `/api/models` for signed-in users, `/api/admin/models` for admins, and the seed. */
@Module({
  imports: [TypeOrmModule.forFeature([Model, ProviderCredential]), ProviderCredentialsModule],
  controllers: [AdminModelsController, ModelsController],
  providers: [ModelsSeeder, ModelsService],
  exports: [TypeOrmModule, ModelsSeeder, ModelsService],
})
export class ModelsModule {}
