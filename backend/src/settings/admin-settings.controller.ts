import { Body, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Audit, type AuditContext } from '../audit/audit-context';
import { AuditService, changedFields } from '../audit/audit.service';
import { AdminController } from '../common/auth/admin-controller.decorator';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { PlatformSettingsDto, UpdatePlatformSettingsDto } from './dto/platform-settings.dto';
import { SettingsService } from './settings.service';
import { UsersService } from '../users/users.service';

@AdminController('settings', 'Admin: settings')
export class AdminSettingsController {
  constructor(
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly users: UsersService,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'AdminSettings_get', summary: 'Retry defaults, default run budget and simulator behaviour' })
  @ApiOkResponse({ type: PlatformSettingsDto })
  async get(): Promise<PlatformSettingsDto> {
    return this.withEditorName(await this.settings.get());
  }

  /** "Last changed by <name>": the settings store the editor's id; people recognise names. */
  private async withEditorName(view: PlatformSettingsDto): Promise<PlatformSettingsDto> {
    const editor = view.updated_by_id ? await this.users.findById(view.updated_by_id) : null;
    return { ...view, updated_by_name: editor ? editor.displayName?.trim() || editor.email : null };
  }

  @Put()
  @ApiOperation({ operationId: 'AdminSettings_update', summary: 'Change platform settings (applies to the next runs and attempts)' })
  @ApiOkResponse({ type: PlatformSettingsDto })
  @ApiErrorResponses(400)
  async update(
    @Body() body: UpdatePlatformSettingsDto,
    @CurrentUser() user: AuthenticatedUser,
    @Audit() audit: AuditContext,
  ): Promise<PlatformSettingsDto> {
    const before = await this.settings.get();
    const after = await this.settings.update(body, user);
    const fields = Object.keys(body) as (keyof UpdatePlatformSettingsDto)[];
    const pick = (view: PlatformSettingsDto) => Object.fromEntries(fields.map((field) => [field, view[field]]));
    const diff = changedFields(pick(before), pick(after));
    if (Object.keys(diff.after).length) {
      await this.audit.record(audit, { action: 'settings.updated', target: { type: 'settings', id: 'platform', label: 'Platform settings' }, ...diff });
    }
    return this.withEditorName(after);
  }
}
