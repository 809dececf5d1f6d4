import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { EmptyStateComponent, PageHeaderComponent } from '@esy/ui-kit';

@Component({
  selector: 'adm-templates-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButton, MatIcon, PageHeaderComponent, EmptyStateComponent],
  template: `
    <div class="esy-page">
      <esy-page-header title="Templates" lead="What users can run. Each publish creates a new immutable spec version.">
        <a mat-flat-button routerLink="/templates/new"><mat-icon aria-hidden="true">add</mat-icon>New template</a>
      </esy-page-header>
      <esy-empty-state
        icon="account_tree"
        title="No templates yet"
        message="Create a template: describe its intake form, assemble its stages, set QA checks, then publish v1.0.0."
      >
        <a mat-stroked-button routerLink="/templates/new">Create the first template</a>
      </esy-empty-state>
    </div>
  `,
})
export default class TemplatesPage {}
