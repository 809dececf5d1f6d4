import { HttpErrorResponse } from '@angular/common/http';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { SecretCreation } from './secret-creation';

function setUp() {
  const form = new FormGroup({ name: new FormControl('', { nonNullable: true, validators: [Validators.required] }), note: new FormControl('', { nonNullable: true }) });
  const problem = signal<string | null>('an old message');
  const creation = TestBed.runInInjectionContext(() => new SecretCreation<{ id: string; secret: string }>(form, problem, ['name']));
  return { form, problem, creation };
}

const invalid = (fields: Array<{ field: string; message: string }>, message = 'Invalid request') =>
  new HttpErrorResponse({ status: 400, error: { code: 'VALIDATION_FAILED', message, details: fields } });

describe('SecretCreation (create, then show the secret once)', () => {
  it('opens clean and creates nothing from an invalid form', async () => {
    const { form, problem, creation } = setUp();
    form.controls.name.setValue('left over');
    creation.open();
    expect(creation.creating()).toBe(true);
    expect(form.controls.name.value).toBe('');
    expect(problem()).toBeNull();
    let calls = 0;
    expect(await creation.submit(async () => (calls++, { id: 'k1', secret: 's' }))).toBe(false);
    expect(calls).toBe(0);
    expect(form.controls.name.touched).toBe(true);
  });

  it('keeps what was created, with its secret, until it is forgotten', async () => {
    const { form, creation } = setUp();
    creation.open();
    form.controls.name.setValue('deploy bot');
    expect(await creation.submit(async () => ({ id: 'k1', secret: 'esy_secret' }))).toBe(true);
    expect(creation.created()).toEqual({ id: 'k1', secret: 'esy_secret' });
    expect(creation.creating()).toBe(false);
    expect(creation.saving()).toBe(false);
    creation.forget('someone-else');
    expect(creation.created()).not.toBeNull();
    creation.forget('k1');
    expect(creation.created()).toBeNull();
  });

  it('puts a server error on the field it names, and any other error on the page', async () => {
    const { form, problem, creation } = setUp();
    creation.open();
    form.controls.name.setValue('taken');
    expect(await creation.submit(() => Promise.reject(invalid([{ field: 'name', message: 'A key with this name exists.' }])))).toBe(false);
    expect(form.controls.name.errors).toEqual({ server: 'A key with this name exists.' });
    expect(problem()).toBeNull();
    expect(creation.creating()).toBe(true);

    form.controls.name.setValue('fresh');
    await creation.submit(() => Promise.reject(invalid([{ field: 'note', message: 'Not shown on the form.' }], 'The note is too long.')));
    expect(problem()).toBe('The note is too long.');
  });
});
