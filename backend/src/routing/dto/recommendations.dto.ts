import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';

@ApiSchema({ name: 'RoutingModelEvidence' })
export class RoutingModelEvidenceDto {
  @ApiProperty() model_id: string;
  @ApiProperty({ description: 'First-attempt trials behind the figures (recent ones weigh more).' }) samples: number;
  @ApiProperty({ description: 'Posterior mean first-attempt pass rate, 0–1.' }) pass_rate: number;
  @ApiProperty({ description: 'Posterior lower bound (25 % quantile), 0–1.' }) lower_bound: number;
  @ApiProperty({ description: 'Expected cost of passing the gate once, USD: one attempt plus the expected retry.' }) expected_cost_usd: number;
}

@ApiSchema({ name: 'RoutingStageRecommendation' })
export class StageRecommendationDto {
  @ApiProperty() gate: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['static', 'auto'] }) routing_mode: 'static' | 'auto';
  @ApiProperty({ description: 'Target first-attempt pass rate (the quality floor).' }) target_pass_rate: number;
  @ApiProperty({ enum: ['real', 'simulated'], description: 'Which attempts the evidence comes from (real ones when there are any).' }) evidence_kind: 'real' | 'simulated';
  @ApiProperty({ type: RoutingModelEvidenceDto, description: 'The model the stage uses today (static routing).' }) current: RoutingModelEvidenceDto;
  @ApiProperty({ type: RoutingModelEvidenceDto, nullable: true, description: 'A cheaper model proven above the floor, or null: keep the current one.' })
  recommended: RoutingModelEvidenceDto | null;
  @ApiProperty() saving_per_run_usd: number;
  @ApiProperty({ description: 'Saving per run × runs of the template in the last 30 days.' }) saving_per_month_usd: number;
  @ApiProperty({ enum: ['high', 'medium', 'low', 'none'] }) confidence: 'high' | 'medium' | 'low' | 'none';
  @ApiProperty({ description: 'Why, in one sentence (the auto decision’s own reason).' }) reason: string;
}

@ApiSchema({ name: 'RoutingCostPoint' })
export class CostPointDto {
  @ApiProperty({ format: 'date' }) day: string;
  @ApiProperty() runs: number;
  @ApiProperty() completed: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Spend of the day’s runs ÷ completed runs; null when none completed.' })
  cost_per_successful_run_usd: number | null;
}

@ApiSchema({ name: 'RoutingTemplateRecommendations' })
export class TemplateRecommendationsDto {
  @ApiProperty() template_id: string;
  @ApiProperty() slug: string;
  @ApiProperty() name: string;
  @ApiProperty() spec_id: string;
  @ApiProperty() spec_version: string;
  @ApiProperty({ description: 'Runs in the last 30 days.' }) runs_last_30_days: number;
  @ApiProperty({ type: String, nullable: true, description: 'Latest completed run of the active spec: the source for a confirming experiment.' })
  source_run_id: string | null;
  @ApiProperty({ type: [StageRecommendationDto] }) stages: StageRecommendationDto[];
  @ApiProperty({ type: [CostPointDto] }) cost_trend: CostPointDto[];
}

@ApiSchema({ name: 'RoutingRecommendations' })
export class RecommendationsDto {
  @ApiProperty({ format: 'date-time' }) generated_at: string;
  @ApiProperty({ type: [TemplateRecommendationsDto] }) templates: TemplateRecommendationsDto[];
}

@ApiSchema({ name: 'ApplyRoutingRecommendation' })
export class ApplyRecommendationDto {
  @ApiProperty() @IsUUID() template_id: string;
  @ApiProperty({ example: 'G3' }) @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'gate must be a gate id such as "G3"' }) gate: string;
  @ApiProperty({ example: 'claude-haiku-3.5' }) @IsString() @MaxLength(120) model_id: string;
}

@ApiSchema({ name: 'AppliedRoutingRecommendation' })
export class AppliedRecommendationDto {
  @ApiProperty() spec_id: string;
  @ApiProperty() version: string;
  @ApiProperty() gate: string;
  @ApiProperty() model_id: string;
}
