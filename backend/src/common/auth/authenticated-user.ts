import type { UserRole } from '../../users/entities/user.entity';

/** Who is calling, attached to the request by the global AuthGuard. */
export interface AuthenticatedUser {
  id: string;
  email: string;
  role: UserRole;
  /** How the caller authenticated. */
  via: 'jwt' | 'api_key';
  /** Set when `via` is `api_key`. */
  apiKeyId?: string;
  /** Scopes of the API key (`read`, `write`, `admin`); JWT callers are not scope-limited. */
  scopes?: string[];
  /** Workflows (template slugs) an API key is limited to; absent or null = every workflow. */
  workflows?: string[] | null;
  /** The session (refresh-token family) of a JWT caller. */
  sessionId?: string;
}

export interface AuthenticatedRequest {
  user?: AuthenticatedUser;
}
