import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { EmptyStateComponent, PageHeaderComponent } from '@esy/ui-kit';

interface EditorStep {
  title: string;
  icon: string;
  text: string;
}

/** Template creator and editor (one page: `templates/new` has no id). */
@Component({
  selector: 'adm-template-editor-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButton, MatIcon, PageHeaderComponent, EmptyStateComponent],
  template: `
    <div class="esy-page">
      <a mat-button routerLink="/templates" class="back"><mat-icon aria-hidden="true">arrow_back</mat-icon>Templates</a>
      <esy-page-header [eyebrow]="id() ? 'Edit template' : 'New template'" [title]="id() ? id()! : 'Untitled template'">
        <button mat-flat-button type="button" disabled><mat-icon aria-hidden="true">publish</mat-icon>Publish</button>
      </esy-page-header>
      <ol class="steps">
        @for (step of steps; track step.title; let index = $index) {
          <li>
            <span class="number" aria-hidden="true">{{ index + 1 }}</span>
            <mat-icon aria-hidden="true">{{ step.icon }}</mat-icon>
            <div>
              <strong>{{ step.title }}</strong>
              <span>{{ step.text }}</span>
            </div>
          </li>
        }
      </ol>
      <esy-empty-state icon="construction" [title]="heading()" message="The template editor is under construction; these are the sections it will have." />
    </div>
  `,
  styles: `
    .back {
      margin: 0 0 0.5rem -0.75rem;
    }
    .steps {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
      gap: 0.75rem;
      margin: 0 0 1.5rem;
      padding: 0;
      list-style: none;
    }
    li {
      display: flex;
      gap: 0.75rem;
      align-items: flex-start;
      padding: 1rem;
      border-radius: var(--mat-sys-corner-medium);
      border: 1px solid var(--mat-sys-outline-variant);
      background: var(--mat-sys-surface);
    }
    li div {
      display: grid;
      gap: 0.2rem;
    }
    li span:not(.number) {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .number {
      display: grid;
      place-items: center;
      flex: none;
      width: 1.5rem;
      height: 1.5rem;
      border-radius: 50%;
      font: var(--mat-sys-label-medium);
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    li mat-icon {
      display: none;
    }
  `,
})
export default class TemplateEditorPage {
  /** Absent on templates/new. */
  readonly id = input<string>();
  protected readonly heading = computed(() => (this.id() ? 'Editing is not available yet' : 'The creator is not available yet'));
  protected readonly steps: readonly EditorStep[] = [
    { title: 'Basics', icon: 'info', text: 'Name, slug, type, depth, description and what users get.' },
    { title: 'Intake form', icon: 'dynamic_form', text: 'The fields users fill in, with types, options and defaults.' },
    { title: 'Stages', icon: 'account_tree', text: 'Gates in order, each with its agent, model and contract.' },
    { title: 'Quality & cost', icon: 'fact_check', text: 'QA checks, output guarantees and the computed cost profile.' },
  ];
}
