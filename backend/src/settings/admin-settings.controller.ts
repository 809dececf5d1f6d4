import { Body, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { AdminController } from '../common/auth/admin-controller.decorator';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { PlatformSettingsDto, UpdatePlatformSettingsDto } from './dto/platform-settings.dto';
import { SettingsService } from './settings.service';

@AdminController('settings', 'Admin: settings')
export class AdminSettingsController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiOperation({ operationId: 'AdminSettings_get', summary: 'Retry defaults, default run budget and simulator behaviour' })
  @ApiOkResponse({ type: PlatformSettingsDto })
  get(): Promise<PlatformSettingsDto> {
    return this.settings.get();
  }

  @Put()
  @ApiOperation({ operationId: 'AdminSettings_update', summary: 'Change platform settings (applies to the next runs and attempts)' })
  @ApiOkResponse({ type: PlatformSettingsDto })
  @ApiErrorResponses(400)
  update(@Body() body: UpdatePlatformSettingsDto, @CurrentUser() user: AuthenticatedUser): Promise<PlatformSettingsDto> {
    return this.settings.update(body, user);
  }
}
