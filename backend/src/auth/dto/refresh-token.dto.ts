import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

/** Body of refresh and logout. */
@ApiSchema({ name: 'RefreshTokenRequest' })
export class RefreshTokenDto {
  @ApiProperty({ description: 'The refresh token from login, register or the previous refresh.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refresh_token: string;
}
