import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { loadOrchestration, OrchestrationLoadError, type Workflow } from '@esy/orchestration';
import { Repository } from 'typeorm';
import { canonicalHash } from '../common/canonical-json';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/app-config.module';
import { Model } from '../models/entities/model.entity';
import { Spec } from './entities/spec.entity';
import { WorkflowTemplate } from './entities/workflow-template.entity';
import { compareVersions } from './semver';

export type WorkflowSeedOutcome = 'created' | 'new-version' | 'unchanged' | 'conflict' | 'skipped-deleted';

export interface WorkflowSeedReport {
  /** Outcome per workflow slug. */
  workflows: Record<string, WorkflowSeedOutcome>;
  /** Set when the orchestration content could not be loaded (nothing was seeded). */
  contentError?: string;
}

/** sha256 of the workflow's canonical JSON (sorted keys): the spec's `version_hash`. */
export const workflowVersionHash = (workflow: Workflow) => canonicalHash(workflow);

/**
 * Seeds templates and specs from `orchestration/workflows/*.json` (through the orchestration loader, which
 * validates every content file). A version already in the database is left alone; the same version with
 * different content is reported as an error (bump `version` to publish a change); a new version becomes the
 * template's active spec when it is the highest.
 */
@Injectable()
export class WorkflowsSeeder {
  private readonly logger = new Logger('Seed');

  constructor(
    @InjectRepository(WorkflowTemplate) private readonly templates: Repository<WorkflowTemplate>,
    @InjectRepository(Model) private readonly models: Repository<Model>,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  async seed(): Promise<WorkflowSeedReport> {
    const report: WorkflowSeedReport = { workflows: {} };
    let workflows: Workflow[];
    try {
      const knownModelIds = (await this.models.find({ select: { id: true } })).map((model) => model.id);
      workflows = [...loadOrchestration(this.config.orchestrationDir, { knownModelIds }).workflows.values()];
    } catch (error) {
      if (!(error instanceof OrchestrationLoadError)) throw error;
      // The API still serves everything else; the message names every broken file and field.
      this.logger.error(`Workflows not seeded from ${this.config.orchestrationDir}: ${error.message}`);
      report.contentError = error.message;
      return report;
    }
    for (const workflow of workflows) report.workflows[workflow.workflow] = await this.seedOne(workflow);
    const created = Object.values(report.workflows).filter((o) => o === 'created' || o === 'new-version').length;
    if (created) this.logger.log(`Seeded ${created} workflow version(s).`);
    return report;
  }

  private seedOne(workflow: Workflow): Promise<WorkflowSeedOutcome> {
    const file = `workflows/${workflow.workflow}.json`;
    const hash = workflowVersionHash(workflow);
    return this.templates.manager.transaction(async (manager) => {
      let template = await manager.findOne(WorkflowTemplate, { where: { slug: workflow.workflow }, lock: { mode: 'pessimistic_write' } });
      if (template?.deletedAt) return 'skipped-deleted';

      if (template) {
        const existing = await manager.findOneBy(Spec, { templateId: template.id, version: workflow.version });
        if (existing) {
          if (existing.versionHash === hash) return 'unchanged';
          this.logger.error(
            `${file}: version ${workflow.version} is already published with different content ` +
              `(hash ${existing.versionHash.slice(0, 12)}…, file ${hash.slice(0, 12)}…). Published versions are immutable: ` +
              `bump "version" to publish the change. The file was not seeded.`,
          );
          return 'conflict';
        }
      }

      const isNewTemplate = !template;
      template ??= await manager.save(manager.create(WorkflowTemplate, templateFields(workflow)));
      const spec = await manager.save(
        manager.create(Spec, {
          templateId: template.id,
          version: workflow.version,
          versionHash: hash,
          intentSchema: workflow.intent_schema,
          stages: workflow.gates,
          qaConfig: workflow.qa_config,
          outputGuarantees: workflow.output_guarantees,
          costProfile: workflow.cost_profile,
          artifactType: workflow.artifact_type ?? null,
          outputFormats: workflow.output_formats,
          visibility: 'public',
          definition: workflow as unknown as Record<string, unknown>,
        }),
      );

      const active = template.activeSpecId ? await manager.findOneBy(Spec, { id: template.activeSpecId }) : null;
      if (!active || compareVersions(workflow.version, active.version) > 0) {
        // The newest version also brings the file's catalogue fields (name, description, …) to the template.
        await manager.update(WorkflowTemplate, { id: template.id }, { ...templateFields(workflow), activeSpecId: spec.id });
      }
      return isNewTemplate ? 'created' : 'new-version';
    });
  }
}

type TemplateFields = Pick<
  WorkflowTemplate,
  'slug' | 'name' | 'description' | 'type' | 'depth' | 'tags' | 'whatYouGet' | 'estimatedTime' | 'stepCount' | 'featured' | 'sortOrder'
>;

function templateFields(workflow: Workflow): TemplateFields {
  return {
    slug: workflow.workflow,
    name: workflow.name,
    description: workflow.description,
    type: workflow.type,
    depth: workflow.depth,
    tags: workflow.tags,
    whatYouGet: workflow.what_you_get,
    estimatedTime: workflow.estimated_time ?? null,
    stepCount: workflow.gates.length,
    featured: workflow.featured,
    sortOrder: workflow.sort_order,
  };
}
