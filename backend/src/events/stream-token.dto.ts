import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'StreamToken', description: 'Opens one event stream for a minute: pass it as `?token=`.' })
export class StreamTokenDto {
  @ApiProperty({ description: 'Short-lived token accepted only as `?token=` on this stream route.' })
  token: string;

  @ApiProperty({ format: 'date-time' })
  expires_at: string;

  @ApiProperty({ description: 'The stream URL (path and query) with the token, ready for EventSource or `curl -N`.', example: '/api/runs/0b8f…/stream?token=…' })
  stream_url: string;
}
