import { fieldGroup, fillFromSpec, nextVersion, parallelAgentGroup, slugFromName, specForm, stageGroup, toDraft, validateDraft } from './draft-form';

function formWith(stages: ReturnType<typeof stageGroup>[], fields: ReturnType<typeof fieldGroup>[] = []) {
  const form = specForm();
  stages.forEach((s) => form.controls.stages.push(s));
  fields.forEach((f) => form.controls.intent.push(f));
  return form;
}

describe('stage builder', () => {
  it('turns the form into a spec draft the API accepts', () => {
    const parallel = stageGroup({ gate: 'G5', name: 'Content', phase: 'production' });
    parallel.controls.parallel.push(parallelAgentGroup({ agent: 'writer', role: 'prose' }));
    parallel.controls.parallel.push(parallelAgentGroup({ agent: 'designer', role: 'visuals' }));
    const form = formWith(
      [stageGroup({ gate: 'G1', name: 'Intake', phase: 'intake', agent: 'intake-orchestrator', model: 'gpt-4o-mini', inputTokens: 1000, outputTokens: 500 }), parallel, stageGroup({ gate: 'G6', name: 'Audit', agent: 'auditor', condition: "audience == 'expert'" })],
      [fieldGroup({ key: 'audience', label: 'Audience', type: 'enum', options: 'general: General readers\nexpert', default: 'general' })],
    );
    form.controls.guarantees.setValue('Every claim is sourced\n\n');
    const draft = toDraft(form.getRawValue(), 'tpl-1');
    expect(draft.template_id).toBe('tpl-1');
    expect(draft.version).toBe('1.0.0');
    expect(draft.stages[0]).toEqual({ gate: 'G1', name: 'Intake', phase: 'intake', agent: 'intake-orchestrator', model: 'gpt-4o-mini', estimates: { input_tokens: 1000, output_tokens: 500 } });
    expect(draft.stages[1]['parallel_agents']).toEqual([{ agent: 'writer', role: 'prose' }, { agent: 'designer', role: 'visuals' }]);
    expect(draft.stages[1]['agent']).toBeUndefined();
    expect(draft.stages[2]['condition']).toBe("audience == 'expert'");
    expect(draft.intent_schema?.[0]).toMatchObject({ key: 'audience', type: 'enum', default: 'general', options: [{ value: 'general', label: 'General readers' }, { value: 'expert', label: 'expert' }] });
    expect(draft.output_guarantees).toEqual(['Every claim is sourced']);
    expect(validateDraft(draft)).toEqual([]);
  });

  it('keeps a stage\'s auto routing and its target through the form, and drops it when switched back to static', () => {
    const form = specForm();
    fillFromSpec(form, { stages: [{ gate: 'G3', name: 'Spec', phase: 'spec', agent: 'spec-architect', routing: { mode: 'auto', target_pass_rate: 0.95, exploration: 0.1 } }] } as never, '1.0.0');
    const stage = form.controls.stages.at(0);
    expect(stage.controls.routingMode.value).toBe('auto');
    expect(stage.controls.targetPassRate.value).toBe(0.95);
    expect(toDraft(form.getRawValue(), 't').stages[0]['routing']).toEqual({ mode: 'auto', target_pass_rate: 0.95, exploration: 0.1 });
    stage.controls.routingMode.setValue('static');
    expect(toDraft(form.getRawValue(), 't').stages[0]['routing']).toBeUndefined();
  });

  it('catches what could never publish: duplicates, missing agents, lonely parallel agents, bad keys and defaults', () => {
    const lonely = stageGroup({ gate: 'G3', name: 'Solo' });
    lonely.controls.parallel.push(parallelAgentGroup({ agent: 'writer', role: '' }));
    const form = formWith(
      [stageGroup({ gate: 'G1', name: 'A', agent: 'a' }), stageGroup({ gate: 'G1', name: '', agent: '' }), lonely],
      [fieldGroup({ key: 'Topic', label: 'Topic' }), fieldGroup({ key: 'tone', label: 'Tone', type: 'enum', options: 'calm', default: 'loud' })],
    );
    form.controls.version.setValue('v2');
    const fields = validateDraft(toDraft(form.getRawValue(), 't')).map((i) => `${i.field}: ${i.message}`);
    expect(fields).toEqual([
      'version: use a semantic version such as 1.0.0',
      'stages[1].gate: gate id G1 is used twice',
      'stages[1].name: give the stage a name',
      'stages[1].agent: pick an agent',
      'stages[2].parallel_agents: parallel stages need at least two agents',
      'stages[2].parallel_agents[0].role: say what this agent does in the stage',
      'intent_schema[0].key: use a snake_case key such as "topic"',
      'intent_schema[1].default: the default must be one of the options',
    ]);
    expect(validateDraft(toDraft(specForm().getRawValue(), 't'))).toContainEqual({ field: 'stages', message: 'add at least one stage' });
  });

  it('keeps what the builder does not edit when a published spec becomes the next version', () => {
    const form = specForm();
    fillFromSpec(
      form,
      {
        intent_schema: [{ key: 'topic', label: 'Topic', type: 'string', required: true, max_length: 120 }],
        stages: [{ gate: 'G2', name: 'Research', phase: 'research', agent: 'research-lead', model: 'o3', profiles: { general: 'research/general' }, timeout_s: 600, estimates: { input_tokens: 3000, output_tokens: 2000, duration_s: 60 } }],
        qa_config: { max_attempts: 2 },
        output_guarantees: ['Sourced'],
        output_formats: ['markdown'],
        artifact_type: 'research-package',
        cost_profile: {},
      } as never,
      '1.1.0',
    );
    form.controls.stages.at(0).controls.model.setValue('');
    const draft = toDraft(form.getRawValue(), 't');
    expect(draft.version).toBe('1.1.0');
    expect(draft.intent_schema?.[0]).toMatchObject({ key: 'topic', max_length: 120, required: true });
    expect(draft.stages[0]).toMatchObject({ profiles: { general: 'research/general' }, timeout_s: 600, estimates: { input_tokens: 3000, output_tokens: 2000, duration_s: 60 } });
    expect(draft.stages[0]['model']).toBeUndefined();
    expect(draft.qa_config?.['max_attempts']).toBe(2);
  });

  it('shows and edits a stage’s write scope (may_modify globs)', () => {
    const form = specForm();
    fillFromSpec(
      form,
      { intent_schema: [], stages: [{ gate: 'G5.5', name: 'Bibliography', phase: 'production', agent: 'bib', may_modify: ['essay/index.html'] }], qa_config: {}, cost_profile: {} } as never,
      '1.1.0',
    );
    const stage = form.controls.stages.at(0).controls.mayModify;
    expect(stage.value).toBe('essay/index.html');
    stage.setValue('essay/index.html, essay/*.md');
    expect(toDraft(form.getRawValue(), 't').stages[0]['may_modify']).toEqual(['essay/index.html', 'essay/*.md']);
    stage.setValue('');
    expect(toDraft(form.getRawValue(), 't').stages[0]['may_modify']).toBeUndefined();
  });

  it('shows the modes the spec declares and publishes what the form shows, including a return to general', () => {
    const form = specForm();
    fillFromSpec(form, { stages: [], modes: ['historical'], default_mode: 'historical' } as never, '1.1.0');
    expect(form.controls.modes.value).toBe('historical');
    expect(toDraft(form.getRawValue(), 't').modes).toEqual(['historical']);
    form.controls.modes.setValue('general');
    expect(toDraft(form.getRawValue(), 't').modes).toEqual(['general']);
  });

  it('proposes the next version after the latest one', () => {
    expect(nextVersion(null)).toBe('1.0.0');
    expect(nextVersion('1.0.0')).toBe('1.1.0');
    expect(nextVersion('2.9.3')).toBe('2.10.0');
  });

  it('derives a new template slug from its name', () => {
    expect(slugFromName('Étymologie: Word Stories!')).toBe('etymologie-word-stories');
    expect(slugFromName('  Market  scan 2027 ')).toBe('market-scan-2027');
    expect(slugFromName('!!!')).toBe('');
  });
});
