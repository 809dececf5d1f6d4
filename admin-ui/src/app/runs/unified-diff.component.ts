import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** A unified diff, lines coloured by kind (and marked +/− in the text itself, so colour is never the only cue). */
@Component({
  selector: 'adm-unified-diff',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<pre class="adm-pre" data-testid="unified-diff">@for (line of lines(); track $index) {<span [class]="line.kind">{{ line.text }}</span>
}</pre>`,
  styles: `
    .add {
      color: var(--esy-success);
    }
    .del {
      color: var(--mat-sys-error);
    }
    .hunk {
      color: var(--esy-info);
    }
  `,
})
export class UnifiedDiffComponent {
  readonly diff = input.required<string>();
  protected readonly lines = computed(() => this.diff().split('\n').map((text) => ({ text, kind: lineKind(text) })));
}

function lineKind(line: string): string {
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+') && !line.startsWith('+++')) return 'add';
  if (line.startsWith('-') && !line.startsWith('---')) return 'del';
  return '';
}
