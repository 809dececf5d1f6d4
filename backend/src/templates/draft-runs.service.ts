import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ApiException } from '../common/errors/api.exception';
import { PG, type Pg } from '../database/pg';
import { RunsService } from '../runs/runs.service';
import type { CreateDraftRunDto, DraftRunResponseDto } from './dto/draft-run.dto';
import { SpecPublisherService } from './spec-publisher.service';

/**
 * "Test draft" in the template editor: the unpublished draft runs like a real run (same engine, same checks) but
 * pinned to a hidden spec row and marked `draft`, so it shows in the admin console only. Nothing is published.
 */
@Injectable()
export class DraftRunsService {
  constructor(
    @Inject(PG) private readonly pg: Pg,
    private readonly publisher: SpecPublisherService,
    private readonly runs: RunsService,
  ) {}

  async create(user: AuthenticatedUser, templateId: string, body: CreateDraftRunDto): Promise<DraftRunResponseDto> {
    if (body.model_id) await this.assertActiveModel(body.model_id);
    const specId = await this.publisher.saveDraftSpec({ ...body.draft, template_id: templateId }, user);
    const created = await this.runs.create(
      user,
      { spec_id: specId, intent: body.intent, display_name: body.display_name },
      { draft: true, modelOverride: body.model_id ?? null, simulatorOnly: body.simulator === true },
    );
    return { run_id: created.run.id, spec_id: specId, status: created.run.status, admin_path: `/runs/${created.run.id}` };
  }

  private async assertActiveModel(modelId: string): Promise<void> {
    const { rows } = await this.pg.query<{ active: boolean }>('SELECT active FROM models WHERE id = $1', [modelId]);
    if (rows.length === 0 || !rows[0].active) {
      throw new ApiException(400, 'VALIDATION_FAILED', 'The request is invalid.', [{ field: 'model_id', message: `${modelId} is not an active model` }]);
    }
  }
}
