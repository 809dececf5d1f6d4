import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

@ApiSchema({ name: 'StreamToken', description: 'Opens one event stream for a minute: pass it as `?token=`.' })
export class StreamTokenDto {
  @ApiProperty({ description: 'Short-lived token accepted only as `?token=` on this stream route.' })
  token: string;

  @ApiProperty({ format: 'date-time' })
  expires_at: string;

  @ApiProperty({ description: 'The stream URL (path and query) with the token, ready for EventSource or `curl -N`.', example: '/api/runs/0b8f…/stream?token=…' })
  stream_url: string;
}

@ApiSchema({ name: 'RenewStreamTokenRequest' })
export class RenewStreamTokenDto {
  @ApiProperty({
    maxLength: 2048,
    pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$',
    description: 'A stream token for this run: still valid, or expired within STREAM_TOKEN_RENEW_WINDOW_SECONDS (default 1 h).',
  })
  @IsString()
  @MaxLength(2048)
  @Matches(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, { message: 'token must be a stream token' })
  token: string;
}
