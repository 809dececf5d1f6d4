import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Model } from './entities/model.entity';
import { ProviderCredential } from './entities/provider-credential.entity';
import { ModelsSeeder } from './models.seeder';

/** The model catalogue and provider credentials. Admin routes (models, providers) arrive with the models issue. */
@Module({
  imports: [TypeOrmModule.forFeature([Model, ProviderCredential])],
  providers: [ModelsSeeder],
  exports: [TypeOrmModule, ModelsSeeder],
})
export class ModelsModule {}
