import { loadOrchestration, type OrchestrationCatalog } from '@esy/orchestration';
import type { Pg } from '../database/pg';

/**
 * Agents, contracts, profiles and skills from ORCHESTRATION_DIR, loaded on first use and kept (content changes
 * need a restart, like a deploy). A broken content tree is reported by every attempt that needs it (the loader's
 * message names each file and field) instead of stopping the process; the next attempt tries again.
 */
export class OrchestrationCatalogLoader {
  private catalog: OrchestrationCatalog | null = null;

  constructor(
    private readonly dir: string,
    private readonly pg: Pg,
  ) {}

  async get(): Promise<OrchestrationCatalog> {
    if (this.catalog) return this.catalog;
    const { rows } = await this.pg.query<{ id: string }>('SELECT id FROM models');
    const knownModelIds = rows.length > 0 ? rows.map((row) => row.id) : undefined;
    this.catalog = loadOrchestration(this.dir, { knownModelIds });
    return this.catalog;
  }
}
