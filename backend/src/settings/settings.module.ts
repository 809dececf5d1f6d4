import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminSettingsController } from './admin-settings.controller';
import { Setting } from './entities/setting.entity';
import { SettingsService } from './settings.service';
import { UsersModule } from '../users/users.module';

/** Platform settings (retry defaults, budgets, simulator) in the key/value `settings` table; admin routes. */
@Module({
  imports: [TypeOrmModule.forFeature([Setting]), UsersModule],
  controllers: [AdminSettingsController],
  providers: [SettingsService],
  exports: [TypeOrmModule, SettingsService],
})
export class SettingsModule {}
