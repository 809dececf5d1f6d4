import { validateIntent } from '../../core/content/intent';
import { gateApplies, resolveRunContext } from '../../core/content/run-context';
import { parseWorkflow, type IntentField, type Workflow } from '../../core/content/workflow-schema';

const schema: IntentField[] = [
  { key: 'word', label: 'Word', type: 'string', required: true, min_length: 1, max_length: 20, pattern: "^[A-Za-z' -]+$", pattern_hint: 'letters, spaces, hyphens and apostrophes' },
  {
    key: 'angle',
    label: 'Angle',
    type: 'enum',
    required: true,
    default: 'etymology',
    options: [
      { value: 'etymology', label: 'Etymology' },
      { value: 'cultural', label: 'Cultural' },
    ],
  },
  { key: 'notes', label: 'Notes', type: 'text', required: false },
  { key: 'minutes', label: 'Minutes', type: 'number', required: false, min: 1, max: 60 },
  { key: 'include_map', label: 'Include a map', type: 'boolean', required: false, default: false },
];

describe('validateIntent', () => {
  it('applies defaults and normalises values', () => {
    const result = validateIntent(schema, { word: '  robot ', minutes: '12', include_map: 'true' });
    expect(result).toEqual({ ok: true, value: { word: 'robot', angle: 'etymology', minutes: 12, include_map: true }, errors: [] });
  });

  it('reports every problem with its field', () => {
    const result = validateIntent(schema, { word: 'r0bot!', angle: 'poetic', minutes: 99, include_map: 'yes', colour: 'red' });
    expect(result.ok).toBe(false);
    expect(result.value).toEqual({});
    expect(result.errors).toEqual([
      { field: 'colour', message: expect.stringContaining('unknown field') },
      { field: 'word', message: 'Word may contain only letters, spaces, hyphens and apostrophes' },
      { field: 'angle', message: 'Angle must be one of etymology, cultural' },
      { field: 'minutes', message: 'Minutes must be at most 60' },
      { field: 'include_map', message: 'Include a map must be true or false' },
    ]);
  });

  it('requires required fields without defaults, and rejects non-objects', () => {
    expect(validateIntent(schema, {}).errors).toEqual([{ field: 'word', message: 'Word is required' }]);
    expect(validateIntent(schema, { word: '' }).errors).toEqual([{ field: 'word', message: 'Word is required' }]);
    expect(validateIntent(schema, ['robot']).errors).toEqual([{ field: '', message: 'the intent must be an object of field values' }]);
    expect(validateIntent(schema, { word: 'a'.repeat(21) }).errors[0].message).toBe('Word must be at most 20 characters');
    expect(validateIntent(schema, { word: 'two\nlines' }).errors[0].message).toBe('Word must be a single line');
    expect(validateIntent(schema, { word: 'ok', minutes: 'many' }).errors[0].message).toBe('Minutes must be a number');
  });

  it('always accepts a depth, and only valid depths', () => {
    expect(validateIntent(schema, { word: 'robot', depth: 'deep' }).value.depth).toBe('deep');
    expect(validateIntent(schema, { word: 'robot', depth: 'huge' }).errors[0]).toEqual({ field: 'depth', message: 'Depth must be one of quick, standard, deep' });
  });
});

function workflow(extra: Partial<Record<string, unknown>> = {}): Workflow {
  return parseWorkflow(
    {
      workflow: 'demo',
      version: '1.0.0',
      name: 'Demo',
      description: 'A demo',
      type: 'visual-essay',
      modes: ['historical', 'data-journalism'],
      default_mode: 'historical',
      intent_schema: [
        { key: 'word', label: 'Word', type: 'string', required: true },
        {
          key: 'mode',
          label: 'Mode',
          type: 'enum',
          options: [
            { value: 'historical', label: 'Historical' },
            { value: 'data-journalism', label: 'Data' },
          ],
        },
      ],
      gates: [
        { gate: 'G1', name: 'Intake', phase: 'intake', agent: 'intake' },
        { gate: 'G6.5', name: 'Data audit', phase: 'audit', agent: 'data-auditor', condition: "mode == 'data-journalism'" },
      ],
      ...extra,
    },
    'workflows/demo.json',
  );
}

describe('resolveRunContext and gateApplies', () => {
  it('takes mode and depth from the intent when valid, else the workflow defaults', () => {
    const wf = workflow();
    expect(resolveRunContext(wf, { word: 'x' })).toEqual({ mode: 'historical', depth: 'standard' });
    expect(resolveRunContext(wf, { mode: 'data-journalism', depth: 'deep' })).toEqual({ mode: 'data-journalism', depth: 'deep' });
    expect(resolveRunContext(wf, { mode: 'poetry', depth: 'huge' })).toEqual({ mode: 'historical', depth: 'standard' });
    const noModeField = workflow({ intent_schema: [], depth: 'quick' });
    expect(resolveRunContext(noModeField, { mode: 'data-journalism' })).toEqual({ mode: 'historical', depth: 'quick' });
  });

  it('skips a conditional gate with a reason when its condition is false', () => {
    const wf = workflow();
    const gate = wf.gates[1];
    expect(gateApplies(gate, {}, { mode: 'data-journalism', depth: 'standard' })).toEqual({ applies: true });
    expect(gateApplies(gate, {}, { mode: 'historical', depth: 'standard' })).toEqual({
      applies: false,
      reason: `condition "mode == 'data-journalism'" is false for this run`,
    });
    expect(gateApplies(wf.gates[0], {}, { mode: 'historical', depth: 'standard' })).toEqual({ applies: true });
  });

  it('a mode in the intent wins over an intent field named like it only through the schema', () => {
    const wf = workflow();
    expect(gateApplies(wf.gates[1], { mode: 'data-journalism' }, resolveRunContext(wf, { mode: 'data-journalism' })).applies).toBe(true);
  });
});
