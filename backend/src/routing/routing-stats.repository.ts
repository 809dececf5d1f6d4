import type { Pg } from '../database/pg';

export interface ActiveTemplateSpecRow {
  template_id: string;
  slug: string;
  name: string;
  spec_id: string;
  version: string;
  definition: Record<string, unknown>;
  runs_in_window: number;
  latest_completed_run_id: string | null;
}

export interface CostPerSuccessRow {
  template_id: string;
  day: Date;
  runs: number;
  completed: number;
  cost_usd: string;
}

/** The template-level figures the recommendations need: active specs with their volume, and cost per successful run by day. */
export class RoutingStatsRepository {
  constructor(private readonly pg: Pg) {}

  async activeTemplates(windowDays: number): Promise<ActiveTemplateSpecRow[]> {
    const { rows } = await this.pg.query<ActiveTemplateSpecRow>(
      {
        name: 'routing_active_templates',
        text: `SELECT t.id AS template_id, t.slug, t.name, s.id AS spec_id, s.version, s.definition,
                      (SELECT count(*)::int FROM runs r WHERE r.template_id = t.id AND r.created_at >= now() - make_interval(days => $1)) AS runs_in_window,
                      (SELECT r.id FROM runs r WHERE r.spec_id = s.id AND r.status = 'completed' ORDER BY r.created_at DESC LIMIT 1) AS latest_completed_run_id
                 FROM workflow_templates t JOIN specs s ON s.id = t.active_spec_id
                WHERE t.active AND t.deleted_at IS NULL
                ORDER BY t.sort_order, t.name`,
      },
      [windowDays],
    );
    return rows;
  }

  async costPerSuccessfulRun(windowDays: number): Promise<CostPerSuccessRow[]> {
    const { rows } = await this.pg.query<CostPerSuccessRow>(
      {
        name: 'routing_cost_per_success',
        text: `SELECT r.template_id, date_trunc('day', r.created_at) AS day, count(*)::int AS runs,
                      count(*) FILTER (WHERE r.status = 'completed')::int AS completed, coalesce(sum(r.total_cost_usd), 0)::text AS cost_usd
                 FROM runs r
                WHERE r.created_at >= now() - make_interval(days => $1) AND r.status IN ('completed', 'paused', 'failed', 'cancelled')
                GROUP BY r.template_id, date_trunc('day', r.created_at)
                ORDER BY day`,
      },
      [windowDays],
    );
    return rows;
  }
}

/** Every published version of a template (to pick the next one). */
export async function templateVersions(pg: Pg, templateId: string): Promise<string[]> {
  const { rows } = await pg.query<{ version: string }>({ name: 'routing_template_versions', text: 'SELECT version FROM specs WHERE template_id = $1 AND NOT draft' }, [templateId]);
  return rows.map((row) => row.version);
}
