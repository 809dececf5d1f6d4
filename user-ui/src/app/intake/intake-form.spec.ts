import { TestBed } from '@angular/core/testing';
import { applyIntentFieldErrors, buildIntakeForm, intakeFieldMessage, intentFromForm } from './intake-form';
import { IntakeFieldsComponent } from './intake-fields.component';
import { readIntentSchema, type IntentField } from './intent-field';

/** The etymology essay's brief, plus one field of each remaining type. */
const SCHEMA: unknown[] = [
  { key: 'word', label: 'Word', type: 'string', required: true, help: 'One word or a short phrase.', max_length: 40, pattern: '^[A-Za-z -]+$', pattern_hint: 'letters, spaces and hyphens' },
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
  { key: 'notes', label: 'Notes', type: 'text', min_length: 10 },
  { key: 'minutes', label: 'Reading time', type: 'number', min: 3, max: 30, default: 12 },
  { key: 'images', label: 'Include images', type: 'boolean', default: true },
];

const fields = (): IntentField[] => readIntentSchema(SCHEMA);

describe('readIntentSchema', () => {
  it('keeps every well-formed field in order with its rules', () => {
    const read = fields();
    expect(read.map((f) => `${f.key}:${f.type}`)).toEqual(['word:string', 'angle:enum', 'notes:text', 'minutes:number', 'images:boolean']);
    expect(read[0]).toMatchObject({ required: true, help: 'One word or a short phrase.', max_length: 40 });
    expect(read[1].options).toEqual([
      { value: 'etymology', label: 'Etymology' },
      { value: 'cultural', label: 'Cultural' },
    ]);
  });

  it('leaves out malformed entries instead of failing the page', () => {
    const read = readIntentSchema([{ key: 'x', type: 'colour' }, { key: 'e', label: 'E', type: 'enum', options: [] }, null, { key: 'ok', type: 'string' }]);
    expect(read).toEqual([expect.objectContaining({ key: 'ok', label: 'ok', required: false })]);
    expect(readIntentSchema({ not: 'a list' })).toEqual([]);
  });
});

describe('buildIntakeForm', () => {
  it('starts from each field’s default (or empty) with the right type', () => {
    const form = buildIntakeForm(fields());
    expect(form.getRawValue()).toEqual({ word: '', angle: 'etymology', notes: '', minutes: 12, images: true });
  });

  it('requires required fields, and whitespace does not count', () => {
    const schema = fields();
    const form = buildIntakeForm(schema);
    expect(form.controls['word'].hasError('required')).toBe(true);
    form.controls['word'].setValue('   ');
    expect(intakeFieldMessage(schema[0], form.controls['word'])).toBe('Word is required.');
    form.controls['word'].setValue('serendipity');
    expect(form.valid).toBe(true);
  });

  it('checks lengths, pattern (found anywhere, as the server does), one line and number range', () => {
    const schema = fields();
    const form = buildIntakeForm(schema);
    const word = form.controls['word'];
    word.setValue('x'.repeat(41));
    expect(intakeFieldMessage(schema[0], word)).toBe('Word can have at most 40 characters.');
    word.setValue('serendipity!');
    expect(intakeFieldMessage(schema[0], word)).toBe('Word may contain only letters, spaces and hyphens.');
    word.setValue('two\nlines');
    expect(word.hasError('singleLine')).toBe(true);

    form.controls['notes'].setValue('short');
    expect(intakeFieldMessage(schema[2], form.controls['notes'])).toBe('Notes needs at least 10 characters.');
    form.controls['notes'].setValue('');
    expect(form.controls['notes'].valid).toBe(true); // optional and empty is fine

    form.controls['minutes'].setValue(31);
    expect(intakeFieldMessage(schema[3], form.controls['minutes'])).toBe('Reading time must be at most 30.');
    form.controls['minutes'].setValue(2);
    expect(intakeFieldMessage(schema[3], form.controls['minutes'])).toBe('Reading time must be at least 3.');
  });
});

describe('intentFromForm', () => {
  it('sends typed values, trims short answers and leaves out empty optional ones', () => {
    const schema = fields();
    const form = buildIntakeForm(schema);
    form.patchValue({ word: '  serendipity ', notes: '' });
    expect(intentFromForm(schema, form)).toEqual({ word: 'serendipity', angle: 'etymology', minutes: 12, images: true });
  });
});

describe('applyIntentFieldErrors', () => {
  it('puts the server’s message on the matching field and returns the rest', () => {
    const schema = fields();
    const form = buildIntakeForm(schema);
    form.controls['word'].setValue('serendipity');
    const rest = applyIntentFieldErrors(form, { 'intent.word': 'word is not in our dictionary', 'intent.colour': 'unknown field', spec_id: 'spec not found' });
    expect(intakeFieldMessage(schema[0], form.controls['word'])).toBe('Word is not in our dictionary.');
    expect(form.controls['word'].touched).toBe(true);
    expect(rest).toEqual(['unknown field', 'spec not found']);
    // Editing the field clears the server's complaint.
    form.controls['word'].setValue('serendipitous');
    expect(form.controls['word'].errors).toBeNull();
  });
});

describe('IntakeFieldsComponent', () => {
  it('renders a labelled control per field with help text, and shows errors once touched', async () => {
    const schema = fields();
    const form = buildIntakeForm(schema);
    const fixture = TestBed.createComponent(IntakeFieldsComponent);
    fixture.componentRef.setInput('fields', schema);
    fixture.componentRef.setInput('form', form);
    await fixture.whenStable();
    const host: HTMLElement = fixture.nativeElement;

    expect(host.querySelector('[data-field=word] input')).not.toBeNull();
    expect(host.querySelector('[data-field=angle] mat-select')).not.toBeNull();
    expect(host.querySelector('[data-field=notes] textarea')).not.toBeNull();
    expect(host.querySelector<HTMLInputElement>('[data-field=minutes] input')?.type).toBe('number');
    expect(host.querySelector('[data-field=images] mat-slide-toggle')).not.toBeNull();
    expect(host.querySelector('[data-field=word] label')?.textContent).toContain('Word');
    expect(host.querySelector('[data-field=word]')?.textContent).toContain('One word or a short phrase.');
    expect(host.querySelector('mat-error')).toBeNull();

    form.markAllAsTouched();
    fixture.changeDetectorRef.markForCheck();
    await fixture.whenStable();
    expect(host.querySelector('[data-field=word] mat-error')?.textContent).toContain('Word is required.');

    applyIntentFieldErrors(form, { 'intent.minutes': 'reading time must be at most 20' });
    fixture.changeDetectorRef.markForCheck();
    await fixture.whenStable();
    expect(host.querySelector('[data-field=minutes] mat-error')?.textContent).toContain('Reading time must be at most 20.');
  });
});
