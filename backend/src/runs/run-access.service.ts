import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { notFound } from '../common/errors/api.exception';
import { PG, type Pg } from '../database/pg';

/**
 * Who may see a run: its owner, and administrators. Anyone else gets 404 (never 403), so run ids do not leak
 * whether a run exists.
 */
@Injectable()
export class RunAccessService {
  constructor(@Inject(PG) private readonly pg: Pg) {}

  /** Throws 404 unless the run exists and `user` may see it. */
  async assertCanSee(user: AuthenticatedUser, runId: string, options: { ownOnly?: boolean } = {}): Promise<void> {
    const { rows } = await this.pg.query<{ user_id: string; draft: boolean }>(
      { name: 'access_run_owner_draft', text: 'SELECT user_id, draft FROM runs WHERE id = $1' },
      [runId],
    );
    const owner = rows[0]?.user_id;
    // A draft test run is the creators' business only: no one without the admin role sees it, owner or not.
    const hidden = rows[0]?.draft === true && user.role !== 'admin';
    const allowed = owner !== undefined && !hidden && (owner === user.id || (!options.ownOnly && user.role === 'admin'));
    if (!allowed) throw notFound(`Run ${runId}`);
  }

  /** The run an artifact belongs to, after the same check (404 for an artifact of someone else's run). */
  async assertCanSeeArtifact(user: AuthenticatedUser, artifactId: string): Promise<string> {
    const { rows } = await this.pg.query<{ run_id: string; user_id: string; draft: boolean }>(
      { name: 'access_artifact_owner_draft', text: 'SELECT a.run_id, r.user_id, r.draft FROM artifacts a JOIN runs r ON r.id = a.run_id WHERE a.id = $1' },
      [artifactId],
    );
    const row = rows[0];
    if (!row || (row.draft && user.role !== 'admin') || (row.user_id !== user.id && user.role !== 'admin')) throw notFound(`Artifact ${artifactId}`);
    return row.run_id;
  }
}
