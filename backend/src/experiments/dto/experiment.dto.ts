import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { EXPERIMENT_STATUSES } from '../entities/experiment.entity';
import { PageCursor, PageLimit, PageOffset } from '../../common/validation/pagination.decorators';
import { CursorPageDto } from '../../common/pagination/cursor-page.dto';
import { OptionalField } from '../../common/validation/presence.decorators';

export const MAX_EXPERIMENT_MODELS = 10;
export const MAX_EXPERIMENT_REPEAT = 10;
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/;

@ApiSchema({ name: 'CreateExperimentRequest', description: 'Replay one gate of a completed run on several models.' })
export class CreateExperimentDto {
  @ApiProperty({ format: 'uuid', description: 'The spec (version) whose gate is tested.' })
  @IsUUID()
  spec_id: string;

  @ApiProperty({ example: 'G3', description: 'A gate of that spec.' })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,40}$/, { message: 'gate_id must be a gate id such as "G3"' })
  gate_id: string;

  @ApiProperty({ format: 'uuid', description: 'A completed run of that spec; its workspace before the gate is every candidate’s input.' })
  @IsUUID()
  source_run_id: string;

  @ApiProperty({ type: [String], minItems: 1, maxItems: MAX_EXPERIMENT_MODELS, example: ['claude-sonnet-4', 'gpt-4o'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_EXPERIMENT_MODELS)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(MODEL_ID, { each: true, message: 'model_ids must hold model ids' })
  model_ids: string[];

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_EXPERIMENT_REPEAT, description: 'Candidates per model.' })
  @IsInt()
  @Min(1)
  @Max(MAX_EXPERIMENT_REPEAT)
  repeat: number;

  @ApiPropertyOptional({ description: 'LLM judge for the rubric score; must not be one of model_ids. Left out: no rubric.' })
  @OptionalField()
  @IsString()
  @Matches(MODEL_ID, { message: 'judge_model_id must be a model id' })
  judge_model_id?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @OptionalField()
  @IsString()
  @MaxLength(200)
  name?: string;
}

@ApiSchema({ name: 'ListExperimentsQuery' })
export class ListExperimentsQueryDto {
  @ApiPropertyOptional({ enum: EXPERIMENT_STATUSES })
  @OptionalField()
  @IsIn(EXPERIMENT_STATUSES)
  status?: string;

  @PageLimit(20, 100)
  limit?: number;

  @PageOffset()
  offset?: number;
  @PageCursor()
  cursor?: string;
}

@ApiSchema({ name: 'ExperimentProgress' })
export class ExperimentProgressDto {
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Candidates with a result (passed, warning, failed or error).' }) done: number;
}

@ApiSchema({ name: 'Experiment' })
export class ExperimentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: EXPERIMENT_STATUSES }) status: string;
  @ApiProperty({ format: 'uuid' }) spec_id: string;
  @ApiProperty({ type: String, nullable: true }) template_slug: string | null;
  @ApiProperty({ type: String, nullable: true }) spec_version: string | null;
  @ApiProperty() gate_id: string;
  @ApiProperty({ type: String, nullable: true }) gate_name: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) source_run_id: string | null;
  @ApiProperty({ type: [String] }) model_ids: string[];
  @ApiProperty({ type: String, nullable: true, description: 'The model of the source run’s original attempt at the gate.' }) baseline_model_id: string | null;
  @ApiProperty() repeat: number;
  @ApiProperty({ type: String, nullable: true }) judge_model_id: string | null;
  @ApiProperty({ type: ExperimentProgressDto }) progress: ExperimentProgressDto;
  @ApiProperty({ type: String, nullable: true, description: 'Why the experiment failed, when it did.' }) error: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) created_by_id: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) created_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) started_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completed_at: string | null;
}

@ApiSchema({ name: 'ExperimentList' })
export class ExperimentListDto extends CursorPageDto {
  @ApiProperty({ type: [ExperimentDto] }) experiments: ExperimentDto[];
  @ApiProperty() total: number;
}

@ApiSchema({ name: 'ExperimentFile' })
export class ExperimentFileDto {
  @ApiProperty() path: string;
  @ApiProperty() sha256: string;
  @ApiProperty() size_bytes: number;
}

@ApiSchema({ name: 'RubricScores' })
export class RubricScoresDto {
  @ApiProperty({ minimum: 1, maximum: 5 }) completeness: number;
  @ApiProperty({ minimum: 1, maximum: 5 }) accuracy: number;
  @ApiProperty({ minimum: 1, maximum: 5 }) structure: number;
  @ApiProperty({ minimum: 1, maximum: 5 }) quality: number;
  @ApiProperty({ minimum: 1, maximum: 5 }) coherence: number;
}

@ApiSchema({ name: 'ExperimentResult', description: 'One candidate: one model, one repetition, in its own copy of the workspace.' })
export class ExperimentResultDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() model_id: string;
  @ApiProperty() repeat_index: number;
  @ApiProperty({ enum: ['pending', 'running', 'passed', 'warning', 'failed', 'error'] }) status: string;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Contract validation passed (warning counts as passed).' }) passed: boolean | null;
  @ApiProperty({ type: [String] }) fail_codes: string[];
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The contract validation: `{outcome, results[], failCodes…}`.' })
  validation_results: Record<string, unknown> | null;
  @ApiProperty() tokens_in: number;
  @ApiProperty() tokens_out: number;
  @ApiProperty({ example: '0.012345' }) cost_usd: string;
  @ApiProperty({ type: Number, nullable: true }) duration_ms: number | null;
  @ApiProperty({ type: RubricScoresDto, nullable: true }) rubric_scores: RubricScoresDto | null;
  @ApiProperty({ type: Number, nullable: true }) rubric_mean: number | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'mean ≥ 3 and no criterion below 2; null without scores.' }) rubric_passed: boolean | null;
  @ApiProperty({ type: String, nullable: true }) rubric_rationale: string | null;
  @ApiProperty({ type: String, nullable: true }) judge_model_id: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The model that actually answered (differs after a provider fallback).' }) served_model_id: string | null;
  @ApiProperty() simulated: boolean;
  @ApiProperty({ type: [ExperimentFileDto] }) files: ExperimentFileDto[];
  @ApiProperty({ type: String, nullable: true }) error_message: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completed_at: string | null;
}

@ApiSchema({ name: 'ExperimentModelSummary', description: 'One row of the results matrix.' })
export class ExperimentModelSummaryDto {
  @ApiProperty() model_id: string;
  @ApiProperty() candidates: number;
  @ApiProperty({ description: 'Candidates with an outcome (passed, warning, failed).' }) finished: number;
  @ApiProperty() passed: number;
  @ApiProperty({ type: Number, nullable: true, description: 'passed / finished, 0–1.' }) pass_rate: number | null;
  @ApiProperty() scored: number;
  @ApiProperty() rubric_passed: number;
  @ApiProperty({ type: Number, nullable: true }) rubric_pass_rate: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean rubric score (1–5).' }) mean_score: number | null;
  @ApiProperty({ type: String, nullable: true }) mean_cost_usd: string | null;
  @ApiProperty({ type: Number, nullable: true }) mean_latency_ms: number | null;
  @ApiProperty({ type: Number, nullable: true }) mean_tokens_in: number | null;
  @ApiProperty({ type: Number, nullable: true }) mean_tokens_out: number | null;
  @ApiProperty({ description: 'Candidates answered by the simulator: their figures are not the model\'s.' }) simulated: number;
}

@ApiSchema({ name: 'ExperimentBaseline', description: 'The source run’s original (first) attempt at the gate.' })
export class ExperimentBaselineDto {
  @ApiProperty({ description: 'The source run\'s attempt was answered by the simulator.' }) simulated: boolean;
  @ApiProperty({ type: String, nullable: true }) model_id: string | null;
  @ApiProperty() status: string;
  @ApiProperty() passed: boolean;
  @ApiProperty() attempt_number: number;
  @ApiProperty({ description: 'Attempts the source run made at this gate.' }) attempts: number;
  @ApiProperty() tokens_in: number;
  @ApiProperty() tokens_out: number;
  @ApiProperty() cost_usd: string;
  @ApiProperty({ type: Number, nullable: true }) latency_ms: number | null;
  @ApiProperty({ type: [String] }) fail_codes: string[];
}

@ApiSchema({ name: 'ExperimentSummary' })
export class ExperimentSummaryDto {
  @ApiProperty() gate_id: string;
  @ApiProperty({ type: [ExperimentModelSummaryDto] }) models: ExperimentModelSummaryDto[];
  @ApiProperty({ type: ExperimentBaselineDto, nullable: true }) baseline: ExperimentBaselineDto | null;
  @ApiProperty() total: number;
  @ApiProperty() done: number;
}

@ApiSchema({ name: 'ExperimentDetail' })
export class ExperimentDetailDto {
  @ApiProperty({ type: ExperimentDto }) experiment: ExperimentDto;
  @ApiProperty({ type: ExperimentSummaryDto }) summary: ExperimentSummaryDto;
  @ApiProperty({ type: [ExperimentResultDto] }) results: ExperimentResultDto[];
}

@ApiSchema({ name: 'ExperimentOutputFile' })
export class ExperimentOutputFileDto {
  @ApiProperty() path: string;
  @ApiProperty() sha256: string;
  @ApiProperty() size_bytes: number;
  @ApiProperty({ type: String, nullable: true, description: 'Known for the baseline (the run stored it); null for candidates (judge by the path).' })
  content_type: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The file as text; null when it is not stored as UTF-8 text here.' })
  content: string | null;
}

@ApiSchema({ name: 'ExperimentOutputSide', description: 'What one side wrote at the gate: the baseline attempt or one candidate.' })
export class ExperimentOutputSideDto {
  @ApiProperty({ example: 'baseline', description: '`baseline`, or the candidate’s result id.' }) key: string;
  @ApiProperty({ example: 'claude-haiku-3.5 #1' }) label: string;
  @ApiProperty({ type: String, nullable: true }) model_id: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The candidate’s repetition; null for the baseline.' }) repeat_index: number | null;
  @ApiProperty() baseline: boolean;
  @ApiProperty() simulated: boolean;
  @ApiProperty() status: string;
  @ApiProperty({ type: [ExperimentOutputFileDto], description: 'By path.' }) files: ExperimentOutputFileDto[];
}

@ApiSchema({ name: 'ExperimentOutputs' })
export class ExperimentOutputsDto {
  @ApiProperty() gate_id: string;
  @ApiProperty({ type: [ExperimentOutputSideDto], description: 'The baseline first (when the source run still has it), then every finished candidate.' })
  sides: ExperimentOutputSideDto[];
}
