import { Inject, Injectable } from '@nestjs/common';
import { OrchestrationLoadError, type OrchestrationCatalog } from '@esy/orchestration';
import { ApiException } from '../common/errors/api.exception';
import { RUN_ENGINE, type RunEngine } from '../engine/run-engine';

/**
 * The orchestration content (agents, contracts, profiles, skills) exactly as the engine loaded it. Broken content
 * answers 503 CONTENT_UNAVAILABLE listing each file and field, instead of a 500.
 */
@Injectable()
export class ContentCatalogService {
  constructor(@Inject(RUN_ENGINE) private readonly engine: RunEngine) {}

  async get(): Promise<OrchestrationCatalog> {
    try {
      return await this.engine.catalog.get();
    } catch (error) {
      if (!(error instanceof OrchestrationLoadError)) throw error;
      throw new ApiException(
        503,
        'CONTENT_UNAVAILABLE',
        'The orchestration content failed to load; the details name each file and field.',
        error.issues.slice(0, 50).map((issue) => ({ field: issue.file, message: issue.field ? `${issue.field}: ${issue.message}` : issue.message })),
      );
    }
  }
}
