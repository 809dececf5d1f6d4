import { TestBed } from '@angular/core/testing';
import { StatusBadgeComponent, statusLook } from './status-badge.component';

describe('statusLook', () => {
  it('words API statuses the way a person reads them', () => {
    expect(statusLook('pending').label).toBe('Queued');
    expect(statusLook('FAILED')).toMatchObject({ tone: 'danger', label: 'Failed' });
    expect(statusLook('completed').tone).toBe('success');
  });

  it('turns an unknown status into readable words instead of failing', () => {
    expect(statusLook('waiting_for_review')).toEqual({ tone: 'neutral', icon: 'circle', label: 'Waiting for review' });
  });
});

describe('StatusBadgeComponent', () => {
  it('shows the words and tone, and a custom label when given', async () => {
    const fixture = TestBed.createComponent(StatusBadgeComponent);
    fixture.componentRef.setInput('status', 'paused');
    await fixture.whenStable();
    const host: HTMLElement = fixture.nativeElement;
    expect(host.textContent).toContain('Paused');
    expect(host.getAttribute('data-tone')).toBe('warning');

    fixture.componentRef.setInput('label', 'Needs attention');
    await fixture.whenStable();
    expect(host.textContent).toContain('Needs attention');
    expect(host.textContent).not.toContain('Paused');
  });
});
