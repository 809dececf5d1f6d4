import { ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { USER_ROLES, type UserRole } from '../entities/user.entity';
import { OptionalField } from '../../common/validation/presence.decorators';

@ApiSchema({ name: 'UpdateUserRequest' })
export class UpdateUserDto {
  @ApiPropertyOptional({ enum: USER_ROLES, enumName: 'UserRole' })
  @OptionalField()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional({ description: 'A disabled user cannot log in, refresh, or use API keys.' })
  @OptionalField()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ maxLength: 100 })
  @OptionalField()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  display_name?: string;
}
