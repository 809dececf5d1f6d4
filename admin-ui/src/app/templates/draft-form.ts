import { FormArray, FormControl, FormGroup, Validators, type ValidatorFn } from '@angular/forms';
import type { Spec } from '@esy/api-client';
import type { SpecDraft } from '../data/admin-api';

export const PHASES = ['intake', 'research', 'spec', 'design', 'production', 'audit', 'publication'] as const;
export const FIELD_TYPES = ['string', 'text', 'enum', 'number', 'boolean'] as const;
export const TIERS = ['top', 'mid', 'low'] as const;

const c = <T>(value: T, validators: ValidatorFn[] = []) => new FormControl<T>(value, { nonNullable: true, validators });

/** One intake field of the intent schema. `options` is one `value: Label` per line (enum only). */
export function fieldGroup(v: Partial<{ key: string; label: string; type: string; required: boolean; options: string; default: string; help: string; extra: Record<string, unknown> }> = {}) {
  return new FormGroup({
    /** Fields of a loaded spec the builder does not edit (limits, placeholder), kept so a new version does not drop them. */
    extra: c<Record<string, unknown>>(v.extra ?? {}),
    key: c(v.key ?? '', [Validators.required, Validators.pattern(/^[a-z][a-z0-9_]*$/)]),
    label: c(v.label ?? '', [Validators.required]),
    type: c(v.type ?? 'string'),
    required: c(v.required ?? false),
    options: c(v.options ?? ''),
    default: c(v.default ?? ''),
    help: c(v.help ?? ''),
  });
}
export type FieldGroup = ReturnType<typeof fieldGroup>;

export function parallelAgentGroup(v: Partial<{ agent: string; role: string }> = {}) {
  return new FormGroup({ agent: c(v.agent ?? '', [Validators.required]), role: c(v.role ?? '', [Validators.required]) });
}

/** One stage (gate) of the pipeline. Either one agent, or several in parallel (each with a role). */
export function stageGroup(
  v: Partial<{
    gate: string;
    name: string;
    phase: string;
    agent: string;
    parallel: { agent: string; role: string }[];
    model: string;
    tier: string;
    routingMode: 'static' | 'auto';
    targetPassRate: number;
    contract: string;
    condition: string;
    /** Earlier files (globs, comma-separated) the stage may rewrite besides its contract outputs. */
    mayModify: string;
    maxAttempts: number | null;
    inputTokens: number;
    outputTokens: number;
    instructions: string;
    extra: Record<string, unknown>;
  }> = {},
) {
  return new FormGroup({
    /** Stage fields the builder does not edit (profiles, inputs, outputs, timeout), carried over to the next version. */
    extra: c<Record<string, unknown>>(v.extra ?? {}),
    gate: c(v.gate ?? '', [Validators.required, Validators.pattern(/^[A-Za-z0-9][A-Za-z0-9._-]*$/)]),
    name: c(v.name ?? '', [Validators.required]),
    phase: c(v.phase ?? 'production'),
    agent: c(v.agent ?? ''),
    parallel: new FormArray((v.parallel ?? []).map((p) => parallelAgentGroup(p))),
    model: c(v.model ?? ''),
    tier: c(v.tier ?? ''),
    /** `auto`: the stage learns its cheapest model that still passes (issue 17); `targetPassRate` is its quality floor. */
    routingMode: c<'static' | 'auto'>(v.routingMode ?? 'static'),
    targetPassRate: c(v.targetPassRate ?? 0.9, [Validators.min(0.5), Validators.max(0.999)]),
    contract: c(v.contract ?? ''),
    condition: c(v.condition ?? ''),
    mayModify: c(v.mayModify ?? '', [Validators.pattern(/^[^\\]*$/)]),
    maxAttempts: new FormControl<number | null>(v.maxAttempts ?? null, [Validators.min(1), Validators.max(10)]),
    inputTokens: c(v.inputTokens ?? 2000, [Validators.min(0)]),
    outputTokens: c(v.outputTokens ?? 1000, [Validators.min(0)]),
    instructions: c(v.instructions ?? ''),
  });
}
export type StageGroup = ReturnType<typeof stageGroup>;

export function specForm() {
  return new FormGroup({
    version: c('1.0.0', [Validators.required, Validators.pattern(/^\d+\.\d+\.\d+$/)]),
    intent: new FormArray<FieldGroup>([]),
    stages: new FormArray<StageGroup>([]),
    qa: new FormGroup({
      maxAttempts: c(3, [Validators.min(1), Validators.max(10)]),
      escalateOnRetry: c(false),
      blockingWarnings: c(false),
      networkChecks: c(false),
    }),
    guarantees: c(''),
    modes: c('general'),
    artifactType: c(''),
    outputFormats: c('markdown'),
    budgetUsd: c('', [Validators.pattern(/^(\d+(\.\d+)?)?$/)]),
  });
}
export type SpecForm = ReturnType<typeof specForm>;

const lines = (text: string) =>
  text
    .split(/\r?\n|,/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The form as the API's spec draft (only fields that are set; the server applies its defaults). */
export function toDraft(form: SpecForm['value'], templateId: string): SpecDraft {
  const intent = (form.intent ?? []).map((f) => {
    const field: Record<string, unknown> = { ...(f.extra ?? {}), key: f.key, label: f.label, type: f.type, required: !!f.required };
    delete field['options'];
    delete field['default'];
    delete field['help'];
    if (f.help) field['help'] = f.help;
    if (f.type === 'enum') {
      field['options'] = (f.options ?? '')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line) => {
          const [value, ...label] = line.split(':');
          return { value: value.trim(), label: (label.join(':').trim() || value.trim()) };
        });
    }
    if (f.default !== undefined && f.default !== '') {
      field['default'] = f.type === 'number' ? Number(f.default) : f.type === 'boolean' ? f.default === 'true' : f.default;
    }
    return field;
  });
  const stages = (form.stages ?? []).map((s) => {
    const stage: Record<string, unknown> = { ...(s.extra ?? {}), gate: s.gate, name: s.name, phase: s.phase };
    for (const edited of ['agent', 'parallel_agents', 'model', 'tier', 'routing', 'contract', 'condition', 'may_modify', 'max_attempts', 'instructions']) delete stage[edited];
    const parallel = (s.parallel ?? []).filter((p) => p.agent);
    if (parallel.length) stage['parallel_agents'] = parallel.map((p) => ({ agent: p.agent, role: p.role }));
    else stage['agent'] = s.agent;
    if (s.model) stage['model'] = s.model;
    if (s.tier) stage['tier'] = s.tier;
    if (s.routingMode === 'auto') {
      const keptRouting = (s.extra?.['routing'] as Record<string, unknown> | undefined) ?? {};
      stage['routing'] = { ...keptRouting, mode: 'auto', target_pass_rate: Number(s.targetPassRate) || 0.9 };
    }
    if (s.contract) stage['contract'] = s.contract;
    if (s.condition) stage['condition'] = s.condition;
    const mayModify = (s.mayModify ?? '').split(/[,\n]/).map((glob) => glob.trim()).filter(Boolean);
    if (mayModify.length) stage['may_modify'] = mayModify;
    if (s.maxAttempts) stage['max_attempts'] = s.maxAttempts;
    if (s.instructions) stage['instructions'] = s.instructions;
    const kept = (s.extra?.['estimates'] as Record<string, unknown> | undefined) ?? {};
    stage['estimates'] = { ...kept, input_tokens: Number(s.inputTokens) || 0, output_tokens: Number(s.outputTokens) || 0 };
    return stage;
  });
  const qa = form.qa ?? {};
  return {
    template_id: templateId,
    version: form.version ?? '',
    intent_schema: intent,
    stages,
    qa_config: { max_attempts: qa.maxAttempts ?? 3, escalate_on_retry: !!qa.escalateOnRetry, blocking_warnings: !!qa.blockingWarnings, network_checks: !!qa.networkChecks },
    output_guarantees: lines(form.guarantees ?? '').length ? (form.guarantees ?? '').split(/\r?\n/).map((s) => s.trim()).filter(Boolean) : [],
    // The form is loaded with the spec's modes, so what it shows is what the new version gets.
    ...(lines(form.modes ?? '').length ? { modes: lines(form.modes ?? '') } : {}),
    ...(form.artifactType ? { artifact_type: form.artifactType } : {}),
    output_formats: lines(form.outputFormats ?? ''),
    budget_usd: form.budgetUsd ? form.budgetUsd : null,
  };
}

export interface DraftIssue {
  field: string;
  message: string;
}

/**
 * What can be told without the server: a stage list that could never be published. The server checks the rest
 * (agents, contracts and models exist, versions increase) in its preview.
 */
export function validateDraft(draft: SpecDraft): DraftIssue[] {
  const issues: DraftIssue[] = [];
  if (!/^\d+\.\d+\.\d+$/.test(draft.version)) issues.push({ field: 'version', message: 'use a semantic version such as 1.0.0' });
  if (draft.stages.length === 0) issues.push({ field: 'stages', message: 'add at least one stage' });
  const gates = new Set<string>();
  draft.stages.forEach((stage, i) => {
    const at = `stages[${i}]`;
    const gate = String(stage['gate'] ?? '');
    if (!gate) issues.push({ field: `${at}.gate`, message: 'give the stage a gate id (e.g. G1)' });
    else if (gates.has(gate)) issues.push({ field: `${at}.gate`, message: `gate id ${gate} is used twice` });
    gates.add(gate);
    if (!stage['name']) issues.push({ field: `${at}.name`, message: 'give the stage a name' });
    const parallel = stage['parallel_agents'] as { agent: string; role: string }[] | undefined;
    if (parallel) {
      if (parallel.length < 2) issues.push({ field: `${at}.parallel_agents`, message: 'parallel stages need at least two agents' });
      parallel.forEach((p, j) => {
        if (!p.role) issues.push({ field: `${at}.parallel_agents[${j}].role`, message: 'say what this agent does in the stage' });
      });
      const slugs = parallel.map((p) => p.agent);
      if (new Set(slugs).size !== slugs.length) issues.push({ field: `${at}.parallel_agents`, message: 'an agent appears twice' });
    } else if (!stage['agent']) {
      issues.push({ field: `${at}.agent`, message: 'pick an agent' });
    }
    const estimates = stage['estimates'] as { input_tokens: number; output_tokens: number } | undefined;
    if (estimates && (estimates.input_tokens < 0 || estimates.output_tokens < 0)) issues.push({ field: `${at}.estimates`, message: 'token estimates cannot be negative' });
  });
  const keys = new Set<string>();
  (draft.intent_schema ?? []).forEach((field, i) => {
    const at = `intent_schema[${i}]`;
    const key = String(field['key'] ?? '');
    if (!/^[a-z][a-z0-9_]*$/.test(key)) issues.push({ field: `${at}.key`, message: 'use a snake_case key such as "topic"' });
    else if (keys.has(key)) issues.push({ field: `${at}.key`, message: `key ${key} is used twice` });
    keys.add(key);
    if (field['type'] === 'enum') {
      const options = (field['options'] as { value: string }[] | undefined) ?? [];
      if (options.length === 0) issues.push({ field: `${at}.options`, message: 'a choice field needs options' });
      const def = field['default'];
      if (def !== undefined && !options.some((o) => o.value === def)) issues.push({ field: `${at}.default`, message: 'the default must be one of the options' });
    }
  });
  return issues;
}

/** "Étymologie: Word Stories!" → "etymologie-word-stories": lower case, accents dropped, dashes between words. */
export function slugFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/** Next version after the highest published one: a minor bump (1.2.3 → 1.3.0); 1.0.0 for a first version. */
export function nextVersion(latest: string | null | undefined): string {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(latest ?? '');
  return m ? `${m[1]}.${Number(m[2]) + 1}.0` : '1.0.0';
}

/** Loads a published spec into the form (to edit it into the next version). */
export function fillFromSpec(form: SpecForm, spec: Spec, version: string): void {
  form.controls.intent.clear();
  for (const raw of spec.intent_schema ?? []) {
    const f = raw as Record<string, unknown>;
    const options = ((f['options'] as { value: string; label?: string }[] | undefined) ?? []).map((o) => `${o.value}: ${o.label ?? o.value}`).join('\n');
    form.controls.intent.push(
      fieldGroup({ extra: f, key: String(f['key'] ?? ''), label: String(f['label'] ?? ''), type: String(f['type'] ?? 'string'), required: f['required'] === true, options, default: f['default'] === undefined ? '' : String(f['default']), help: String(f['help'] ?? '') }),
    );
  }
  form.controls.stages.clear();
  for (const raw of spec.stages ?? []) {
    const s = raw as Record<string, unknown>;
    const estimates = (s['estimates'] as { input_tokens?: number; output_tokens?: number } | undefined) ?? {};
    form.controls.stages.push(
      stageGroup({
        extra: s,
        gate: String(s['gate'] ?? ''),
        name: String(s['name'] ?? ''),
        phase: String(s['phase'] ?? 'production'),
        agent: String(s['agent'] ?? ''),
        parallel: (s['parallel_agents'] as { agent: string; role: string }[] | undefined) ?? [],
        model: String(s['model'] ?? ''),
        tier: String(s['tier'] ?? ''),
        routingMode: (s['routing'] as { mode?: string } | undefined)?.mode === 'auto' ? 'auto' : 'static',
        targetPassRate: Number((s['routing'] as { target_pass_rate?: number } | undefined)?.target_pass_rate ?? 0.9),
        contract: String(s['contract'] ?? ''),
        condition: String(s['condition'] ?? ''),
        mayModify: ((s['may_modify'] as string[] | undefined) ?? []).join(', '),
        maxAttempts: typeof s['max_attempts'] === 'number' ? s['max_attempts'] : null,
        inputTokens: estimates.input_tokens ?? 0,
        outputTokens: estimates.output_tokens ?? 0,
        instructions: String(s['instructions'] ?? ''),
      }),
    );
  }
  const qa = spec.qa_config ?? {};
  form.controls.qa.setValue({
    maxAttempts: Number(qa['max_attempts'] ?? 3),
    escalateOnRetry: qa['escalate_on_retry'] === true,
    blockingWarnings: qa['blocking_warnings'] === true,
    networkChecks: qa['network_checks'] === true,
  });
  form.patchValue({
    version,
    guarantees: (spec.output_guarantees ?? []).join('\n'),
    artifactType: spec.artifact_type ?? '',
    outputFormats: (spec.output_formats ?? []).join(', '),
    modes: (spec.modes?.length ? spec.modes : ['general']).join(', '),
    budgetUsd: spec.cost_profile?.budget_usd ?? '',
  });
}
