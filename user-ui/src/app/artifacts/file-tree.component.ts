import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import type { ArtifactFile } from '../data/view-models';
import { formatBytes, type TreeNode } from './file-tree';

/** The research package as folders (native disclosure widgets) and files (select to preview, or download). */
@Component({
  selector: 'esy-file-tree',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [NgTemplateOutlet, MatIcon, MatIconButton],
  template: `
    <ng-template #level let-nodes>
      <ul role="list">
        @for (node of nodes; track node.path) {
          @if (node.kind === 'folder') {
            <li>
              <details open>
                <summary><mat-icon aria-hidden="true">folder</mat-icon>{{ node.name }}</summary>
                <ng-container *ngTemplateOutlet="level; context: { $implicit: node.children }" />
              </details>
            </li>
          } @else {
            <li class="file" [class.selected]="node.path === selectedPath()" [attr.data-path]="node.path">
              <button type="button" class="open" (click)="open.emit(node.file)" [attr.aria-pressed]="node.path === selectedPath()">
                <mat-icon aria-hidden="true">{{ icon(node.file) }}</mat-icon>
                <span class="name">{{ node.name }}</span>
                <span class="size">{{ size(node.file.sizeBytes) }}</span>
              </button>
              <button mat-icon-button type="button" (click)="download.emit(node.file)" [attr.aria-label]="'Download ' + node.name">
                <mat-icon aria-hidden="true">download</mat-icon>
              </button>
            </li>
          }
        }
      </ul>
    </ng-template>
    <ng-container *ngTemplateOutlet="level; context: { $implicit: nodes() }" />
  `,
  styles: `
    ul {
      margin: 0;
      padding: 0 0 0 1rem;
      list-style: none;
    }
    :host > ul {
      padding-left: 0;
    }
    summary {
      display: flex;
      align-items: center;
      gap: 0.4rem;
      padding: 0.3rem 0.25rem;
      cursor: pointer;
      font: var(--mat-sys-label-large);
      border-radius: var(--mat-sys-corner-small);
    }
    summary mat-icon {
      color: var(--mat-sys-primary);
    }
    .file {
      display: flex;
      align-items: center;
      border-radius: var(--mat-sys-corner-small);
    }
    .file.selected {
      background: var(--mat-sys-secondary-container);
    }
    .open {
      display: flex;
      flex: 1;
      min-width: 0;
      align-items: center;
      gap: 0.4rem;
      padding: 0.35rem 0.25rem;
      border: 0;
      background: none;
      color: inherit;
      font: var(--mat-sys-body-medium);
      text-align: left;
      cursor: pointer;
      border-radius: var(--mat-sys-corner-small);
    }
    .open mat-icon {
      flex: none;
      color: var(--mat-sys-on-surface-variant);
    }
    .name {
      flex: 1;
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .size {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class FileTreeComponent {
  readonly nodes = input.required<readonly TreeNode[]>();
  readonly selectedPath = input<string | null>(null);
  readonly open = output<ArtifactFile>();
  readonly download = output<ArtifactFile>();

  protected icon(file: ArtifactFile): string {
    if (/\.(md|markdown|txt)$/i.test(file.path)) return 'article';
    if (/\.html?$/i.test(file.path)) return 'web';
    if (/\.(json|ya?ml|csv)$/i.test(file.path)) return 'data_object';
    if (/^image\//.test(file.contentType)) return 'image';
    if (/\.(tsx?|jsx?|css)$/i.test(file.path)) return 'code';
    return 'draft';
  }

  protected size(bytes: number): string {
    return formatBytes(bytes);
  }
}
