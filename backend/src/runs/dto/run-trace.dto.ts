import { ApiProperty, ApiSchema } from '@nestjs/swagger';

export const TRACE_SPAN_KINDS = ['gate', 'attempt', 'agent', 'model_round', 'tool_call'] as const;

@ApiSchema({ name: 'TraceSpan', description: 'One bar of the run trace: a gate, an attempt, an agent, a model round or a tool call.' })
export class TraceSpanDto {
  @ApiProperty({ example: 'attempt:4b1d…:agent:0:round:2', description: 'Stable within the run.' }) id: string;
  @ApiProperty({ type: String, nullable: true, description: 'The enclosing span (null for gates).' }) parent_id: string | null;
  @ApiProperty({ enum: TRACE_SPAN_KINDS }) kind: (typeof TRACE_SPAN_KINDS)[number];
  @ApiProperty({ example: 'Model round 2' }) label: string;
  @ApiProperty() gate_id: string;
  @ApiProperty({ type: Number, nullable: true }) attempt_number: number | null;
  @ApiProperty({ type: String, nullable: true }) agent_slug: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Null for a tool call recorded before tool calls were timed.' })
  started_at: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Wall-clock milliseconds; for a model round, the model call alone (its tool calls are their own spans).' })
  duration_ms: number | null;
  @ApiProperty({ description: 'Still going: duration_ms is measured up to the moment of the response.' }) running: boolean;
  @ApiProperty({ description: 'Attempt status (passed, failed, running, …), agent outcome (completed, MAX_ROUNDS, …), or ok / error.' }) status: string;
  @ApiProperty({ description: 'A failed attempt, an agent that did not complete, a model call that errored or a tool call that returned an error.' })
  failed: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Fail codes and reason, the provider error, or the tool error.' }) detail: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The model that served it.' }) model_id: string | null;
  @ApiProperty({ type: String, nullable: true }) model_provider: string | null;
  @ApiProperty({ type: Number, nullable: true }) tokens_in: number | null;
  @ApiProperty({ type: Number, nullable: true }) tokens_out: number | null;
  @ApiProperty({ type: String, nullable: true, example: '0.0123' }) cost_usd: string | null;
}

@ApiSchema({ name: 'RunTrace', description: 'The run as timed spans on one wall-clock axis, for the trace (waterfall) view.' })
export class RunTraceDto {
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Start of the earliest span.' }) started_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'End of the latest span (now, for a running one).' }) ended_at: string | null;
  @ApiProperty({ type: [TraceSpanDto], description: 'Parents before their children, gates in run order.' }) spans: TraceSpanDto[];
}
