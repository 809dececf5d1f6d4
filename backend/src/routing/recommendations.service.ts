import { Injectable } from '@nestjs/common';
import {
  decideAutoRoute,
  DEFAULT_TARGET_PASS_RATE,
  findModel,
  stageRoutingOf,
  type CandidateAssessment,
  type GateModelEvidence,
  type Workflow,
} from '@esy/orchestration';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { ApiException } from '../common/errors/api.exception';
import { loadModelInfos } from '../engine/model-catalog';
import { InjectPg, type Pg } from '../database/pg';
import { SpecPublisherService } from '../templates/spec-publisher.service';
import { compareVersions } from '../workflows/semver';
import { WorkflowsReadService } from '../workflows/workflows-read.service';
import type { AppliedRecommendationDto, ApplyRecommendationDto, RecommendationsDto, RoutingModelEvidenceDto, StageRecommendationDto, TemplateRecommendationsDto } from './dto/recommendations.dto';
import { RoutingEvidenceRepository } from './routing-evidence.repository';
import { RoutingStatsRepository, templateVersions, type CostPerSuccessRow } from './routing-stats.repository';

const WINDOW_DAYS = 30;

/**
 * Per template stage: the model static routing uses today against the one the auto decision would choose from the
 * evidence (no exploration), the expected saving per run and per month at the template's volume, and "apply", which
 * publishes a new spec version pinning the recommended model.
 */
@Injectable()
export class RecommendationsService {
  private readonly evidence: RoutingEvidenceRepository;
  private readonly stats: RoutingStatsRepository;

  constructor(
    @InjectPg() private readonly pg: Pg,
    private readonly workflows: WorkflowsReadService,
    private readonly publisher: SpecPublisherService,
  ) {
    this.evidence = new RoutingEvidenceRepository(pg);
    this.stats = new RoutingStatsRepository(pg);
  }

  async recommendations(): Promise<RecommendationsDto> {
    const [templates, trend, models] = await Promise.all([this.stats.activeTemplates(WINDOW_DAYS), this.stats.costPerSuccessfulRun(WINDOW_DAYS), loadModelInfos(this.pg)]);
    const gateIds = [...new Set(templates.flatMap((t) => ((t.definition as unknown as Workflow).gates ?? []).map((g) => g.gate)))];
    const evidence = await this.evidence.evidence(gateIds);
    const out: TemplateRecommendationsDto[] = [];
    for (const template of templates) {
      const definition = template.definition as unknown as Workflow;
      const profile = await this.workflows.costProfile(definition);
      const stages: StageRecommendationDto[] = [];
      for (const gate of definition.gates) {
        const current = findModel(models, profile.stages.find((s) => s.gate === gate.gate)?.model ?? '');
        if (!current) continue;
        const routing = stageRoutingOf(gate);
        const target = routing?.target_pass_rate ?? DEFAULT_TARGET_PASS_RATE;
        const atGate = evidence.filter((e) => e.gateId === gate.gate);
        const kind = atGate.some((e) => !e.simulated) ? 'real' : 'simulated';
        const decision = decideAutoRoute({
          gateId: gate.gate,
          candidates: models.filter((m) => m.active),
          staticModel: current,
          evidence: atGate.filter((e) => e.simulated === (kind === 'simulated')),
          estimates: gate.estimates ?? null,
          targetPassRate: target,
          maxLatencyMs: routing?.max_latency_s !== undefined ? routing.max_latency_s * 1000 : null,
          explorationShare: 0,
          random: () => 0.5,
        });
        const row = (id: string) => decision.record.candidates.find((c) => c.modelId === id)!;
        const currentRow = row(current.id);
        const better = decision.record.kind === 'exploit' && decision.model.id !== current.id ? row(decision.model.id) : null;
        const saving = better ? Math.max(0, currentRow.expectedCostUsd - better.expectedCostUsd) : 0;
        stages.push({
          gate: gate.gate,
          name: gate.name,
          routing_mode: routing ? 'auto' : 'static',
          target_pass_rate: target,
          evidence_kind: kind,
          current: evidenceView(currentRow),
          recommended: better ? evidenceView(better) : null,
          saving_per_run_usd: round(saving),
          saving_per_month_usd: round(saving * template.runs_in_window),
          confidence: better ? confidenceOf(better, target) : 'none',
          reason: better ? decision.record.reason : keepReason(currentRow, decision.record.kind, target),
        });
      }
      out.push({
        template_id: template.template_id,
        slug: template.slug,
        name: template.name,
        spec_id: template.spec_id,
        spec_version: template.version,
        runs_last_30_days: template.runs_in_window,
        source_run_id: template.latest_completed_run_id,
        stages,
        cost_trend: trendOf(trend.filter((t) => t.template_id === template.template_id)),
      });
    }
    return { generated_at: new Date().toISOString(), templates: out };
  }

  /** Publishes the next patch version of the template's active spec with `model_id` pinned on `gate` (static routing there). */
  async apply(body: ApplyRecommendationDto, actor: AuthenticatedUser): Promise<AppliedRecommendationDto> {
    const template = (await this.stats.activeTemplates(WINDOW_DAYS)).find((t) => t.template_id === body.template_id);
    if (!template) throw new ApiException(404, 'NOT_FOUND', 'No active template with this id has a published spec.', [{ field: 'template_id', message: 'unknown or without an active spec' }]);
    const models = await loadModelInfos(this.pg);
    const model = findModel(models, body.model_id);
    if (!model?.active) throw new ApiException(400, 'VALIDATION_FAILED', 'The model is not an active model.', [{ field: 'model_id', message: `"${body.model_id}" is not an active model` }]);
    const definition = template.definition as unknown as Workflow;
    if (!definition.gates.some((g) => g.gate === body.gate)) {
      throw new ApiException(400, 'VALIDATION_FAILED', 'The spec has no such stage.', [{ field: 'gate', message: `the active spec of ${template.slug} has no stage "${body.gate}"` }]);
    }
    const version = nextPatch(await templateVersions(this.pg, template.template_id));
    const stages = definition.gates.map((gate) => {
      if (gate.gate !== body.gate) return gate;
      const { routing: _routing, ...rest } = gate as typeof gate & { routing?: unknown };
      return { ...rest, model: model.id };
    });
    const spec = await this.publisher.publish(
      {
        template_id: template.template_id,
        version,
        stages: stages as unknown as Record<string, unknown>[],
        intent_schema: definition.intent_schema as unknown as Record<string, unknown>[],
        qa_config: definition.qa_config as Record<string, unknown> | undefined,
        output_guarantees: definition.output_guarantees,
        modes: definition.modes,
        default_mode: definition.default_mode,
        artifact_type: definition.artifact_type,
        output_formats: definition.output_formats,
        budget_usd: (definition.cost_profile as { budget_usd?: string } | undefined)?.budget_usd ?? null,
      },
      actor,
    );
    return { spec_id: spec.id, version: spec.version, gate: body.gate, model_id: model.id };
  }
}

function evidenceView(row: CandidateAssessment): RoutingModelEvidenceDto {
  return { model_id: row.modelId, samples: row.samples, pass_rate: round(row.meanPassRate, 4), lower_bound: round(row.lowerBound, 4), expected_cost_usd: round(row.expectedCostUsd) };
}

function confidenceOf(row: CandidateAssessment, target: number): StageRecommendationDto['confidence'] {
  if (row.samples >= 30 && row.lowerBound >= Math.min(0.999, target + 0.03)) return 'high';
  if (row.samples >= 15) return 'medium';
  return 'low';
}

function keepReason(current: CandidateAssessment, kind: string, target: number): string {
  if (kind === 'static_fallback') return `Keep ${current.modelId}: no cheaper model has shown a lower bound ≥ ${(target * 100).toFixed(0)} % at this gate yet.`;
  return `Keep ${current.modelId}: it is already the cheapest model proven above the floor.`;
}

function trendOf(rows: CostPerSuccessRow[]) {
  return rows.map((row) => ({
    day: row.day.toISOString().slice(0, 10),
    runs: row.runs,
    completed: row.completed,
    cost_per_successful_run_usd: row.completed > 0 ? round(Number(row.cost_usd) / row.completed) : null,
  }));
}

function nextPatch(versions: string[]): string {
  const latest = versions.sort(compareVersions).pop() ?? '0.0.0';
  const [major, minor, patch] = latest.split(/[-+]/)[0].split('.').map((part) => Number.parseInt(part, 10) || 0);
  return `${major}.${minor}.${patch + 1}`;
}

function round(value: number, digits = 6): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export type { GateModelEvidence };
