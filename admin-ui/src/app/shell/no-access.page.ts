import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { AuthService } from '@esy/ui-auth';

/**
 * Where a signed-in user without the admin role lands. Says plainly why, who they are signed in as, and offers
 * the two useful ways out: the user app, or signing in with another account.
 */
@Component({
  selector: 'adm-no-access-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButton, MatIcon],
  template: `
    <main class="wrap">
      <section class="card" aria-labelledby="no-access-title">
        <div class="icon" aria-hidden="true"><mat-icon>lock_person</mat-icon></div>
        <h1 id="no-access-title">This console is for administrators</h1>
        <p>
          You are signed in as <strong>{{ auth.displayName() }}</strong>, which is not an administrator account. Ask an
          administrator to change your role if you need access.
        </p>
        <div class="actions">
          <a mat-flat-button [href]="userAppUrl()"><mat-icon aria-hidden="true">arrow_forward</mat-icon>Go to Esy</a>
          <button mat-stroked-button type="button" (click)="auth.signOut()">Sign in with another account</button>
        </div>
      </section>
    </main>
  `,
  styles: `
    .wrap {
      display: grid;
      place-items: center;
      min-height: 100dvh;
      padding: 1.5rem;
      box-sizing: border-box;
      background: var(--mat-sys-surface-container-low);
    }
    .card {
      max-width: 30rem;
      padding: 2.5rem;
      text-align: center;
      border-radius: var(--mat-sys-corner-extra-large);
      background: var(--mat-sys-surface);
      box-shadow: var(--mat-sys-level2);
    }
    .icon {
      display: inline-grid;
      place-items: center;
      width: 4rem;
      height: 4rem;
      border-radius: 50%;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .icon mat-icon {
      font-size: 2rem;
      width: 2rem;
      height: 2rem;
    }
    h1 {
      margin: 1rem 0 0.5rem;
      font: var(--mat-sys-headline-small);
      font-weight: 650;
    }
    p {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-large);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      justify-content: center;
      gap: 0.75rem;
      margin-top: 1.75rem;
    }
  `,
})
export default class NoAccessPage {
  protected readonly auth = inject(AuthService);
  private readonly location = inject(DOCUMENT).location;
  /** In development the user app runs on port 4200 beside the console's 4201; deployed, it is served at "/". */
  protected readonly userAppUrl = computed(() =>
    this.location.port === '4201' ? `${this.location.protocol}//${this.location.hostname}:4200/` : '/',
  );
}
