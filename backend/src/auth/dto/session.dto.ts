import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { ActiveSession } from '../sessions.repository';

@ApiSchema({ name: 'Session' })
export class SessionDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ type: String, nullable: true, description: 'Browser or client that signed in (User-Agent).' })
  user_agent: string | null;

  @ApiProperty({ type: String, nullable: true })
  ip: string | null;

  @ApiProperty({ format: 'date-time' })
  started_at: string;

  @ApiProperty({ format: 'date-time', description: 'Last token renewal; an open app renews about every 15 minutes.' })
  last_used_at: string;

  @ApiProperty({ description: 'The session making this request.' })
  current: boolean;

  static from(session: ActiveSession, currentId: string | undefined): SessionDto {
    return {
      id: session.id,
      user_agent: session.userAgent,
      ip: session.ip,
      started_at: session.startedAt.toISOString(),
      last_used_at: session.lastUsedAt.toISOString(),
      current: session.id === currentId,
    };
  }
}

@ApiSchema({ name: 'SessionList' })
export class SessionListDto {
  @ApiProperty({ type: [SessionDto] })
  sessions: SessionDto[];
}
