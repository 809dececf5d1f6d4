import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { UserDto } from '../../users/dto/user.dto';

@ApiSchema({ name: 'AuthTokens' })
export class AuthTokensDto {
  @ApiProperty({ description: 'JWT for `Authorization: Bearer …`.' })
  access_token: string;

  @ApiProperty({ enum: ['Bearer'] })
  token_type: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires.', example: 900 })
  expires_in: number;

  @ApiProperty({ description: 'Single-use: exchange it at /api/auth/refresh for a new pair.' })
  refresh_token: string;

  @ApiProperty({ format: 'date-time' })
  refresh_token_expires_at: string;

  @ApiProperty({ type: UserDto })
  user: UserDto;
}
