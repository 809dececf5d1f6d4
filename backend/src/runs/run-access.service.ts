import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ApiException, notFound } from '../common/errors/api.exception';
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
    const { rows } = await this.pg.query<{ user_id: string; slug: string; draft: boolean }>(
      { name: 'access_run_owner_workflow_draft', text: 'SELECT r.user_id, t.slug, r.draft FROM runs r JOIN workflow_templates t ON t.id = r.template_id WHERE r.id = $1' },
      [runId],
    );
    const owner = rows[0]?.user_id;
    // A draft test run is the creators' business only: no one without the admin role sees it, owner or not.
    const hidden = rows[0]?.draft === true && user.role !== 'admin';
    const allowed = owner !== undefined && !hidden && (owner === user.id || (!options.ownOnly && user.role === 'admin'));
    if (!allowed) throw notFound(`Run ${runId}`);
    assertWorkflowAllowed(user, rows[0].slug);
  }

  /** The run an artifact belongs to, after the same check (404 for an artifact of someone else's run). */
  async assertCanSeeArtifact(user: AuthenticatedUser, artifactId: string): Promise<string> {
    const { rows } = await this.pg.query<{ run_id: string; user_id: string; slug: string; draft: boolean }>(
      {
        name: 'access_artifact_owner_workflow_draft',
        text: 'SELECT a.run_id, r.user_id, t.slug, r.draft FROM artifacts a JOIN runs r ON r.id = a.run_id JOIN workflow_templates t ON t.id = r.template_id WHERE a.id = $1',
      },
      [artifactId],
    );
    const row = rows[0];
    // Draft test runs: admins only (as for the run itself).
    if (!row || (row.draft && user.role !== 'admin') || (row.user_id !== user.id && user.role !== 'admin')) throw notFound(`Artifact ${artifactId}`);
    assertWorkflowAllowed(user, row.slug);
    return row.run_id;
  }
}

/**
 * An API key limited to named workflows reaches only their runs: 403 (the caller owns the run, so its existence is no
 * secret) with a code that says why.
 */
export function assertWorkflowAllowed(user: AuthenticatedUser, workflowSlug: string): void {
  if (!user.workflows || user.workflows.includes(workflowSlug)) return;
  throw new ApiException(
    403,
    'WORKFLOW_NOT_ALLOWED',
    `This API key is limited to the workflows ${user.workflows.join(', ')}; this run is of ${workflowSlug}.`,
  );
}
