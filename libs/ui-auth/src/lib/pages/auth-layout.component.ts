import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatIcon } from '@angular/material/icon';
import { ThemeToggleComponent } from '@esy/ui-kit';
import { AUTH_CONFIG } from '../auth.config';

/** Frame of the sign-in and register pages: a brand panel (hidden on phones) beside the form card. */
@Component({
  selector: 'esy-auth-layout',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIcon, ThemeToggleComponent],
  template: `
    <aside class="brand" aria-hidden="true">
      <div class="logo"><mat-icon>{{ config.logoIcon }}</mat-icon>{{ config.appName }}</div>
      <p class="tagline">{{ config.tagline }}</p>
      <ul class="points">
        @for (point of config.highlights; track point.text) {
          <li><mat-icon>{{ point.icon }}</mat-icon>{{ point.text }}</li>
        }
      </ul>
    </aside>
    <main class="panel">
      <div class="top"><esy-theme-toggle /></div>
      <section class="card" [attr.aria-labelledby]="'auth-title'">
        <div class="mobile-logo" aria-hidden="true"><mat-icon>{{ config.logoIcon }}</mat-icon>{{ config.appName }}</div>
        <h1 id="auth-title">{{ title() }}</h1>
        @if (subtitle()) {
          <p class="subtitle">{{ subtitle() }}</p>
        }
        <ng-content />
      </section>
    </main>
  `,
  styles: `
    :host {
      display: grid;
      grid-template-columns: minmax(0, 5fr) minmax(0, 6fr);
      min-height: 100dvh;
      background: var(--mat-sys-surface);
    }
    .brand {
      display: flex;
      flex-direction: column;
      justify-content: center;
      gap: 1.5rem;
      padding: clamp(2rem, 6vw, 5rem);
      color: var(--mat-sys-on-primary-container);
      background:
        radial-gradient(circle at 15% 20%, color-mix(in srgb, var(--mat-sys-tertiary-container) 55%, transparent), transparent 55%),
        radial-gradient(circle at 85% 85%, color-mix(in srgb, var(--mat-sys-secondary-container) 90%, transparent), transparent 50%),
        var(--mat-sys-primary-container);
    }
    .logo,
    .mobile-logo {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      font: var(--mat-sys-title-large);
      font-weight: 700;
      letter-spacing: -0.01em;
    }
    .logo mat-icon {
      color: var(--mat-sys-primary);
    }
    .tagline {
      margin: 0;
      max-width: 22ch;
      font: var(--mat-sys-display-small);
      font-weight: 650;
      letter-spacing: -0.02em;
    }
    .points {
      display: grid;
      gap: 0.75rem;
      margin: 0;
      padding: 0;
      list-style: none;
      font: var(--mat-sys-body-large);
    }
    .points li {
      display: flex;
      align-items: center;
      gap: 0.75rem;
    }
    .points mat-icon {
      color: var(--mat-sys-primary);
    }
    .panel {
      display: flex;
      flex-direction: column;
      padding: 1rem clamp(1rem, 4vw, 3rem) 3rem;
    }
    .top {
      display: flex;
      justify-content: flex-end;
    }
    .card {
      width: 100%;
      max-width: 26rem;
      margin: auto;
    }
    .mobile-logo {
      display: none;
      margin-bottom: 2rem;
      color: var(--mat-sys-primary);
    }
    h1 {
      margin: 0;
      font: var(--mat-sys-headline-medium);
      font-weight: 650;
      letter-spacing: -0.01em;
    }
    .subtitle {
      margin: 0.5rem 0 0;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-large);
    }
    @media (max-width: 800px) {
      :host {
        grid-template-columns: 1fr;
      }
      .brand {
        display: none;
      }
      .mobile-logo {
        display: flex;
      }
      .card {
        margin-top: 2rem;
      }
    }
  `,
})
export class AuthLayoutComponent {
  protected readonly config = inject(AUTH_CONFIG);
  readonly title = input.required<string>();
  readonly subtitle = input<string>();
}
