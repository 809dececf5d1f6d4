import { Body, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Audit, type AuditContext } from '../audit/audit-context';
import { AdminController } from '../common/auth/admin-controller.decorator';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { UuidParam } from '../common/validation/uuid-param.pipe';
import { ListUsersQueryDto, UserListDto } from './dto/list-users.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserDto } from './dto/user.dto';
import { UsersService } from './users.service';

@AdminController('users', 'Admin: users')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ operationId: 'AdminUsers_list', summary: 'List users' })
  @ApiOkResponse({ type: UserListDto })
  @ApiErrorResponses(400)
  async list(@Query() query: ListUsersQueryDto): Promise<UserListDto> {
    const { users, ...page } = await this.users.list(query);
    return { users: users.map(UserDto.from), ...page };
  }

  @Put(':id')
  @ApiOperation({ operationId: 'AdminUsers_update', summary: 'Change a user’s role, disabled flag or display name' })
  @ApiOkResponse({ type: UserDto })
  @ApiErrorResponses(400, 404, 409)
  async update(
    @Param('id', UuidParam('id')) id: string,
    @Body() body: UpdateUserDto,
    @CurrentUser() actor: AuthenticatedUser,
    @Audit() audit: AuditContext,
  ): Promise<UserDto> {
    return UserDto.from(await this.users.update(id, body, actor, audit));
  }
}
