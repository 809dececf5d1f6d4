import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { USER_ROLES, type User, type UserRole } from '../entities/user.entity';

@ApiSchema({ name: 'User' })
export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'ada@example.com' })
  email: string;

  @ApiProperty({ type: String, nullable: true, example: 'Ada Lovelace' })
  display_name: string | null;

  @ApiProperty({ enum: USER_ROLES, enumName: 'UserRole' })
  role: UserRole;

  @ApiProperty({ type: String, nullable: true })
  avatar_url: string | null;

  @ApiProperty()
  disabled: boolean;

  @ApiProperty({ description: 'True after an administrator reset the password: only a password change is allowed until then.' })
  must_change_password: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_login_at: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at: string;

  @ApiProperty({ format: 'date-time' })
  updated_at: string;

  static from(user: User): UserDto {
    return {
      id: user.id,
      email: user.email,
      display_name: user.displayName,
      role: user.role,
      avatar_url: user.avatarUrl,
      disabled: user.disabled,
      must_change_password: user.mustChangePassword,
      last_login_at: user.lastLoginAt?.toISOString() ?? null,
      created_at: user.createdAt.toISOString(),
      updated_at: user.updatedAt.toISOString(),
    };
  }
}
