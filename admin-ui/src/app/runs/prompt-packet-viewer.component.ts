import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatIcon } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltip } from '@angular/material/tooltip';
import { tokens } from '../data/format';
import { readPromptPacket, type PacketSection } from './packets';

const KIND_LABELS: Record<string, string> = {
  agent: 'Agent',
  profile: 'Profile',
  skill: 'Skill',
  instructions: 'Instructions',
  required_outputs: 'Required outputs',
  checks: 'Checks',
  context: 'Context',
};

/** Exactly what was sent to the model, section by section, with token counts and copy buttons. */
@Component({
  selector: 'adm-prompt-packet-viewer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatExpansionModule, MatIcon, MatIconButton, MatTooltip],
  template: `
    @for (agent of agents(); track $index) {
      <div class="agent" data-testid="prompt-packet">
        <div class="agent-head">
          <strong>{{ agent.agent }}</strong>
          @if (agent.role) {
            <span> · {{ agent.role }}</span>
          }
          @if (agent.model) {
            <span class="adm-mono"> · {{ agent.model }}</span>
          }
          <span class="total">{{ fmtTokens(agent.totalTokens) }} tokens</span>
          <button mat-icon-button type="button" matTooltip="Copy the whole packet" aria-label="Copy the whole packet" (click)="copyAll(agent.sections)">
            <mat-icon>content_copy</mat-icon>
          </button>
        </div>
        <mat-accordion multi displayMode="flat">
          @for (section of agent.sections; track $index) {
            <mat-expansion-panel [attr.data-section]="section.kind">
              <mat-expansion-panel-header>
                <mat-panel-title>
                  <span class="kind" [attr.data-kind]="section.kind">{{ kindLabel(section.kind) }}</span>
                  {{ section.title }}
                </mat-panel-title>
                <mat-panel-description>{{ fmtTokens(section.tokens) }} tokens</mat-panel-description>
              </mat-expansion-panel-header>
              <div class="copy-row">
                <button mat-icon-button type="button" [attr.aria-label]="'Copy ' + section.title" matTooltip="Copy section" (click)="copy(section.content)">
                  <mat-icon>content_copy</mat-icon>
                </button>
              </div>
              <pre class="adm-pre">{{ section.content }}</pre>
            </mat-expansion-panel>
          }
        </mat-accordion>
      </div>
    } @empty {
      <p class="muted">No prompt was recorded for this attempt (it was skipped or decided by an operator).</p>
    }
  `,
  styles: `
    .agent + .agent {
      margin-top: 1rem;
    }
    .agent-head {
      display: flex;
      align-items: center;
      gap: 0.25rem;
      margin-bottom: 0.4rem;
    }
    .total {
      margin-left: auto;
      font: var(--mat-sys-label-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .kind {
      display: inline-block;
      min-width: 7.5rem;
      font: var(--mat-sys-label-small);
      text-transform: uppercase;
      letter-spacing: 0.05em;
      color: var(--mat-sys-tertiary);
    }
    .copy-row {
      display: flex;
      justify-content: flex-end;
      margin: -0.5rem 0 0.25rem;
    }
    .muted {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class PromptPacketViewerComponent {
  readonly packet = input<Record<string, unknown> | null>(null);
  protected readonly agents = computed(() => readPromptPacket(this.packet()));
  private readonly clipboard = inject(Clipboard);
  private readonly snack = inject(MatSnackBar);
  protected fmtTokens = tokens;

  protected kindLabel(kind: string): string {
    return KIND_LABELS[kind] ?? kind;
  }

  protected copy(text: string): void {
    this.snack.open(this.clipboard.copy(text) ? 'Copied' : 'Could not copy', undefined, { duration: 1500 });
  }

  protected copyAll(sections: PacketSection[]): void {
    this.copy(sections.map((s) => `## ${s.title}\n\n${s.content}`).join('\n\n'));
  }
}
