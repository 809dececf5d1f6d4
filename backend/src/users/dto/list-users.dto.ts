import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, MaxLength } from 'class-validator';
import { USER_ROLES, type UserRole } from '../entities/user.entity';
import { UserDto } from './user.dto';
import { PageCursor, PageLimit, PageOffset } from '../../common/validation/pagination.decorators';
import { CursorPageDto } from '../../common/pagination/cursor-page.dto';
import { OptionalField } from '../../common/validation/presence.decorators';

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' || value === true ? true : value === 'false' || value === false ? false : value;

export class ListUsersQueryDto {
  @ApiPropertyOptional({ description: 'Matches email or display name (case-insensitive).' })
  @OptionalField()
  @IsString()
  @MaxLength(200)
  search?: string;

  @ApiPropertyOptional({ enum: USER_ROLES, enumName: 'UserRole' })
  @OptionalField()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional()
  @OptionalField()
  @Transform(toBoolean)
  @IsBoolean()
  disabled?: boolean;

  @PageLimit(50, 200)
  limit: number = 50;

  @PageOffset()
  offset: number = 0;

  @PageCursor()
  cursor?: string;
}

@ApiSchema({ name: 'UserList' })
export class UserListDto extends CursorPageDto {
  @ApiProperty({ type: [UserDto] })
  users: UserDto[];

  @ApiProperty({ description: 'Number of users matching the filters (ignoring limit/offset).' })
  total: number;
}
