import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { BUILT_IN_MODELS } from '@esy/orchestration';
import { Repository } from 'typeorm';
import { Model } from './entities/model.entity';

/**
 * Inserts the built-in model catalogue (SPEC section 7). Existing rows are left alone: prices and the active flag
 * are admin-editable and an upgrade must not overwrite those edits.
 */
@Injectable()
export class ModelsSeeder {
  private readonly logger = new Logger(ModelsSeeder.name);

  constructor(@InjectRepository(Model) private readonly models: Repository<Model>) {}

  async seed(): Promise<number> {
    const rows = BUILT_IN_MODELS.map((model) => ({
      id: model.id,
      provider: model.provider,
      apiModelName: model.apiModelName,
      tier: model.tier,
      inputPricePer1k: model.inputPricePer1k,
      outputPricePer1k: model.outputPricePer1k,
      contextWindow: model.contextWindow,
      capabilities: {
        tools: model.capabilities.tools,
        streaming: model.capabilities.streaming,
        structured_output: model.capabilities.structuredOutput,
      },
      active: model.active,
    }));
    const result = await this.models
      .createQueryBuilder()
      .insert()
      .into(Model)
      .values(rows)
      .orIgnore()
      .returning(['id'])
      .execute();
    const inserted = result.raw.length as number;
    if (inserted) this.logger.log(`Seeded ${inserted} model(s).`);
    return inserted;
  }
}
