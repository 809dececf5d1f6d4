import type { Artifact, RunDetail, WorkflowDetail } from '@esy/api-client';
import { toArtifactFile, toRunDetail, toSpecView, toWorkflowDetail } from './mappers';

/** Fixtures name only the fields a case is about; the rest of the API type does not matter here. */
const as = <T>(value: unknown) => value as T;

describe('API → view model mappers', () => {
  it('reads a template with its active spec: steps with estimates, intent fields, guarantees, cost', () => {
    const detail = toWorkflowDetail(
      as<WorkflowDetail>({
        slug: 'etymology',
        name: 'Etymology essay',
        type: 'visual-essay',
        depth: 'standard',
        what_you_get: ['An essay'],
        estimated_time: '12 minutes',
        step_count: 2,
        active_spec: {
          id: 'spec-1',
          version: '1.0.0',
          output_formats: ['html'],
          intent_schema: [{ key: 'word', label: 'Word', type: 'string', required: true }, { key: 'broken' }],
          stages: [
            { gate: 'G1', name: 'Intake Approval', phase: 'intake', estimates: { input_tokens: 1, output_tokens: 1, duration_s: 30 } },
            { gate: 'G2', name: 'Data Audit', phase: 'audit', condition: "mode == 'data'" },
          ],
          qa_config: { max_attempts: 3, network_checks: true },
          output_guarantees: ['Cited'],
          cost_profile: { currency: 'USD', min_usd: '0.40', typical_usd: '1.20', max_usd: '3.00', budget_usd: '5.00', stages: [], rule: '' },
          active: true,
        },
      }),
    );
    expect(detail).toMatchObject({ slug: 'etymology', whatYouGet: ['An essay'], estimatedTime: '12 minutes', stepCount: 2 });
    expect(detail.spec?.steps).toEqual([
      { gateId: 'G1', name: 'Intake Approval', phase: 'intake', estimateS: 30, conditional: false },
      { gateId: 'G2', name: 'Data Audit', phase: 'audit', estimateS: null, conditional: true },
    ]);
    expect(detail.spec?.intentFields.map((f) => f.key)).toEqual(['word']);
    expect(detail.spec?.qa).toMatchObject({ maxAttempts: 3, networkChecks: true });
    expect(detail.spec?.cost).toEqual({ budgetUsd: '5.00', minUsd: '0.40', typicalUsd: '1.20', maxUsd: '3.00' });
    expect(detail.spec?.templateSlug).toBe('etymology');
  });

  it('reads a run detail: steps in gate order, snapshot event id, pause reason, template', () => {
    const run = toRunDetail(
      as<RunDetail>({
        run: {
          id: 'r1',
          display_name: 'Serendipity',
          project_slug: 'serendipity-1',
          status: 'paused',
          total_gates: 2,
          passed_gates: 1,
          skipped_gates: 0,
          simulated: true,
          pause_reason: 'G2 failed',
          error_message: null,
          intent: { word: 'x' },
          created_at: 'c',
          started_at: 's',
          completed_at: null,
          spec_id: 's1',
          template: { id: 't', name: 'Etymology essay', slug: 'etymology', type: 'visual-essay' },
        },
        gates: [
          { gate_id: 'G2', gate_name: 'Research', phase: 'research', gate_order: 1, status: 'failed', attempt_number: 3, max_attempts: 3 },
          { gate_id: 'G1', gate_name: 'Intake', phase: 'intake', gate_order: 0, status: 'passed', attempt_number: 1, max_attempts: 3, duration_ms: 900 },
          { gate_id: 'G3', gate_name: 'Check', phase: 'audit', gate_order: 2, status: 'pending', attempt_number: 0, max_attempts: 3 },
        ],
        template: { name: 'Etymology essay', slug: 'etymology' },
        spec: { id: 's1', version: '1.0.0', stages: [], output_formats: [] },
        last_event_id: 42,
      }),
    );
    expect(run).toMatchObject({ id: 'r1', status: 'paused', simulated: true, pauseReason: 'G2 failed', templateSlug: 'etymology', specId: 's1', lastEventId: 42, doneSteps: 1 });
    expect(run.steps.map((s) => `${s.gateId}:${s.status}:${s.attempt}`)).toEqual(['G1:passed:1', 'G2:failed:3', 'G3:pending:1']);
  });

  it('reads a spec summary from the list and an artifact', () => {
    expect(toSpecView(as({ id: 's', version: '2.0.0', output_formats: ['html'], active: false, created_at: 'c', template: { name: 'T', slug: 't' } }))).toMatchObject({
      id: 's',
      version: '2.0.0',
      templateName: 'T',
      steps: [],
      intentFields: [],
      cost: null,
      active: false,
    });
    expect(
      toArtifactFile(as<Artifact>({ id: 'a', file_path: 'research/sources.md', file_name: 'sources.md', content_type: 'text/markdown', size_bytes: 12, content_hash: 'ff', created_at: 'c' })),
    ).toEqual({ id: 'a', path: 'research/sources.md', name: 'sources.md', contentType: 'text/markdown', sizeBytes: 12, sha256: 'ff', createdAt: 'c' });
  });
});
