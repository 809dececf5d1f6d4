import { TestBed } from '@angular/core/testing';
import { FormArray } from '@angular/forms';
import { stageGroup, type StageGroup } from './draft-form';
import { StageBuilderComponent } from './stage-builder.component';

function render(count: number) {
  const stages = new FormArray<StageGroup>(
    Array.from({ length: count }, (_, i) => stageGroup({ gate: `G${i + 1}`, name: i === 2 && count < 5 ? '' : `Stage name ${i + 1}`, agent: 'essay-writer' })),
  );
  const fixture = TestBed.createComponent(StageBuilderComponent);
  fixture.componentRef.setInput('stages', stages);
  fixture.detectChanges();
  const element = fixture.nativeElement as HTMLElement;
  const open = () => element.querySelectorAll('[data-testid=stage] .grid').length;
  const click = async (button: Element | undefined) => {
    (button as HTMLButtonElement).click();
    fixture.detectChanges();
    await fixture.whenStable();
  };
  return { fixture, element, stages, open, click };
}

describe('Stage builder', () => {
  it('opens a long pipeline collapsed, one summary line per stage, with an outline that jumps to a stage', async () => {
    const { element, open, click } = render(18);
    expect(open()).toBe(0);
    const summaries = [...element.querySelectorAll('[data-testid=stage-summary]')].map((s) => s.textContent?.replace(/\s+/g, ' ').trim());
    expect(summaries[0]).toBe('G1 · Stage name 1 · essay-writer · router decides');
    expect(summaries).toHaveLength(18);
    const outline = [...element.querySelectorAll('[data-testid=stage-outline] .jump')];
    expect(outline.map((b) => b.textContent?.replace(/\s+/g, ' ').trim()).slice(0, 2)).toEqual(['G1 Stage name 1', 'G2 Stage name 2']);

    await click(outline[11]);
    expect(open()).toBe(1);
    const twelfth = element.querySelector('#adm-stage-11')!;
    expect(twelfth.querySelector('.toggle')?.getAttribute('aria-expanded')).toBe('true');
    expect((twelfth.querySelector('input[formcontrolname=gate]') as HTMLInputElement).value).toBe('G12');

    await click([...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Expand all'));
    expect(open()).toBe(18);
    await click([...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Collapse all'));
    expect(open()).toBe(0);
  });

  it('keeps a short pipeline open and still marks a stage that needs attention when collapsed', async () => {
    const { element, open, click } = render(3);
    expect(open()).toBe(3);
    await click(element.querySelectorAll('[data-testid=stage] .toggle')[0]);
    expect(open()).toBe(2);
    expect(element.querySelector('#adm-stage-0 [data-testid=stage-summary]')).not.toBeNull();
    // Stage 3 has no name: collapsed, it says it needs attention (and so does its outline entry).
    const third = element.querySelector('#adm-stage-2')!;
    expect(third.textContent).not.toContain('needs attention');
    await click(third.querySelector('.toggle')!);
    expect(third.querySelector('.bad-note')?.textContent).toContain('needs attention');
    expect(element.querySelectorAll('[data-testid=stage-outline] .jump')[2].textContent).toContain('needs attention');
    expect(element.querySelectorAll('[data-testid=stage-outline] .jump')[1].textContent).not.toContain('needs attention');
  });
});
