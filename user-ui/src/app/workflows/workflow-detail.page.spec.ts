import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { of, throwError } from 'rxjs';
import { RunsData } from '../data/runs.data';
import type { WorkflowDetail } from '../data/view-models';
import { WorkflowsData } from '../data/workflows.data';
import WorkflowDetailPage from './workflow-detail.page';

const WORKFLOW: WorkflowDetail = {
  slug: 'etymology',
  name: 'Etymology essay',
  description: 'The story of one word.',
  type: 'visual-essay',
  depth: 'standard',
  tags: [],
  whatYouGet: ['An interactive essay'],
  estimatedTime: '12 minutes',
  stepCount: 2,
  featured: true,
  spec: {
    id: 'spec-1',
    version: '1.0.0',
    templateName: 'Etymology essay',
    templateSlug: 'etymology',
    artifactType: null,
    outputFormats: [],
    intentFields: [
      { key: 'word', label: 'Word', type: 'string', required: true, help: 'One word.' },
      { key: 'angle', label: 'Angle', type: 'enum', required: true, default: 'etymology', options: [{ value: 'etymology', label: 'Etymology' }] },
    ],
    steps: [
      { gateId: 'G1', name: 'Intake Approval', phase: 'intake', estimateS: 30, conditional: false },
      { gateId: 'G2', name: 'Research Complete', phase: 'research', estimateS: 60, conditional: false },
    ],
    qa: { maxAttempts: 3, networkChecks: false, blockingWarnings: false, escalateOnRetry: false },
    guarantees: ['Sources cited'],
    cost: null,
    createdAt: null,
    active: true,
  },
};

async function open(create: RunsData['create']) {
  TestBed.configureTestingModule({
    providers: [
      provideRouter(
        [
          { path: 'workflows/:slug', component: WorkflowDetailPage },
          { path: '**', children: [] },
        ],
        withComponentInputBinding(),
      ),
      { provide: WorkflowsData, useValue: { get: () => of(WORKFLOW) } },
      { provide: RunsData, useValue: { create } },
    ],
  });
  const harness = await RouterTestingHarness.create();
  await harness.navigateByUrl('/workflows/etymology');
  await settle(harness);
  return { harness, host: harness.routeNativeElement as HTMLElement };
}

async function settle(harness: RouterTestingHarness): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve));
    harness.fixture.detectChanges();
    await harness.fixture.whenStable();
  }
}

function type(host: HTMLElement, key: string, value: string): void {
  const input = host.querySelector<HTMLInputElement>(`[data-field="${key}"] input`);
  if (!input) throw new Error(`no input for ${key}`);
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

describe('WorkflowDetailPage', () => {
  it('shows what you get, the steps in plain words and the generated brief form', async () => {
    const { host } = await open(vi.fn());
    expect(host.querySelector('h1')?.textContent).toContain('Etymology essay');
    expect(host.textContent).toContain('An interactive essay');
    expect(host.textContent).toContain('Understanding your brief');
    expect(host.textContent).toContain('Researching');
    expect(host.querySelector('[data-field="word"] input')).not.toBeNull();
    expect(host.querySelector('[data-field="angle"] mat-select')).not.toBeNull();
  });

  it('does not send an invalid brief and says which field needs attention', async () => {
    const create = vi.fn();
    const { harness, host } = await open(create);
    host.querySelector<HTMLButtonElement>('button[type=submit]')?.click();
    await settle(harness);
    expect(create).not.toHaveBeenCalled();
    expect(host.querySelector('[data-field="word"] mat-error')?.textContent).toContain('Word is required.');
    expect(host.querySelector('[role=alert]')?.textContent).toContain('Some answers need another look');
  });

  it('shows the server’s field errors on the matching field', async () => {
    const create = vi.fn(() =>
      throwError(
        () =>
          new HttpErrorResponse({
            status: 400,
            error: { status: 400, code: 'VALIDATION_ERROR', message: 'The intent is not valid', details: [{ field: 'intent.word', message: 'word must be a single English word' }] },
          }),
      ),
    );
    const { harness, host } = await open(create);
    type(host, 'word', 'two words');
    host.querySelector<HTMLButtonElement>('button[type=submit]')?.click();
    await settle(harness);
    expect(create).toHaveBeenCalledWith('spec-1', { word: 'two words', angle: 'etymology' });
    expect(host.querySelector('[data-field="word"] mat-error')?.textContent).toContain('Word must be a single English word.');
  });

  it('starts the run and goes to its live view', async () => {
    const create = vi.fn(() => of({ id: 'run-9' }));
    const { harness, host } = await open(create);
    type(host, 'word', 'serendipity');
    host.querySelector<HTMLButtonElement>('button[type=submit]')?.click();
    await settle(harness);
    expect(create).toHaveBeenCalledWith('spec-1', { word: 'serendipity', angle: 'etymology' });
    expect(TestBed.inject(Router).url).toBe('/activity/run-9');
  });
});
