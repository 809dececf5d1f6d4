import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIcon } from '@angular/material/icon';

export interface TemporaryPasswordDialogData {
  email: string;
  password: string;
}

/** Shows an administrator-issued temporary password once, with a copy button. */
@Component({
  selector: 'adm-temporary-password-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatDialogModule, MatButton, MatIcon],
  template: `
    <h2 mat-dialog-title>Temporary password for {{ data.email }}</h2>
    <div mat-dialog-content>
      <p>Give it to the user over a channel you trust. It is shown only now; at the next sign-in it only lets them choose their own password.</p>
      <p class="secret adm-mono" data-testid="temporary-password">{{ data.password }}</p>
    </div>
    <div mat-dialog-actions align="end">
      <button mat-button type="button" (click)="copy()"><mat-icon aria-hidden="true">content_copy</mat-icon>{{ copied() ? 'Copied' : 'Copy' }}</button>
      <button mat-flat-button type="button" mat-dialog-close>Done</button>
    </div>
  `,
  styles: `
    .secret {
      padding: 0.75rem 1rem;
      border-radius: var(--mat-sys-corner-small);
      background: var(--mat-sys-surface-container-high);
      font-size: 1.1rem;
      user-select: all;
      overflow-wrap: anywhere;
    }
  `,
})
export class TemporaryPasswordDialogComponent {
  protected readonly data = inject<TemporaryPasswordDialogData>(MAT_DIALOG_DATA);
  private readonly clipboard = inject(Clipboard);
  protected readonly copied = signal(false);

  protected copy(): void {
    this.copied.set(this.clipboard.copy(this.data.password));
  }
}
