import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { DraftTestDialogComponent, type DraftTestDialogData, type DraftTestDialogResult } from './draft-test-dialog.component';

function open(data: DraftTestDialogData) {
  const closed: DraftTestDialogResult[] = [];
  TestBed.configureTestingModule({
    providers: [
      { provide: MAT_DIALOG_DATA, useValue: data },
      { provide: MatDialogRef, useValue: { close: (result: DraftTestDialogResult) => closed.push(result) } },
    ],
  });
  const fixture = TestBed.createComponent(DraftTestDialogComponent);
  fixture.detectChanges();
  return { fixture, element: fixture.nativeElement as HTMLElement, closed };
}

const DATA: DraftTestDialogData = {
  fields: [{ key: 'topic', label: 'Topic', type: 'string', required: true, options: [], default: 'tides' }],
  models: [{ id: 'claude-haiku-3.5', detail: 'anthropic · fast' }],
};

describe('Draft test dialog', () => {
  it('offers the simulator or real models, the simulator chosen unless the creator picks real models', async () => {
    const { fixture, element, closed } = open(DATA);
    const choices = [...element.querySelectorAll('mat-radio-button')].map((b) => b.textContent?.trim());
    expect(choices).toEqual([
      'The simulator — nothing reaches a provider, nothing is spent',
      'Real models — providers with credentials are called and charged',
    ]);
    (element.querySelector('button[type=submit]') as HTMLButtonElement).click();
    expect(closed).toEqual([{ intent: { topic: 'tides' }, modelId: null, simulator: true }]);

    (element.querySelectorAll('mat-radio-button input')[1] as HTMLInputElement).click();
    fixture.detectChanges();
    await fixture.whenStable();
    (element.querySelector('button[type=submit]') as HTMLButtonElement).click();
    expect(closed[1]).toEqual({ intent: { topic: 'tides' }, modelId: null, simulator: false });
  });
});
