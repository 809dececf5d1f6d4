import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatIcon } from '@angular/material/icon';
import { MatTooltip } from '@angular/material/tooltip';
import { ActivatedRoute, RouterLink } from '@angular/router';
import { Api, apiKeysList, sessionsEnd, sessionsList, toApiProblem } from '@esy/api-client';
import { EmptyStateComponent, ErrorStateComponent, LoadingStateComponent, PageHeaderComponent } from '@esy/ui-kit';
import { firstValueFrom } from 'rxjs';
import { AUTH_CONFIG } from '../auth.config';
import { AuthService } from '../auth.service';
import { describeUserAgent } from '../user-agent';

/**
 * Where you are signed in, and which API keys can act for you. Any session can be ended here (the current one
 * too: that is signing out). Route data `apiKeysLink` points to the page that manages keys, when the app has one.
 */
@Component({
  selector: 'esy-sessions-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, RouterLink, MatButton, MatIcon, MatTooltip, PageHeaderComponent, EmptyStateComponent, ErrorStateComponent, LoadingStateComponent],
  template: `
    <div class="esy-page">
      <esy-page-header title="Sessions" lead="Where your account is signed in, and the API keys that can act for you.">
        <a mat-stroked-button [routerLink]="config.changePasswordPath"><mat-icon aria-hidden="true">password</mat-icon>Change password</a>
      </esy-page-header>

      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">Signed-in devices</h2>
        @if (problem(); as problem) {
          <p class="problem" role="alert"><mat-icon aria-hidden="true">error</mat-icon>{{ problem }}</p>
        }
        @if (sessions.error()) {
          <esy-error-state title="Could not load your sessions" [message]="errorText(sessions.error())" (retry)="sessions.reload()" />
        } @else if (sessions.isLoading() && !sessions.hasValue()) {
          <esy-loading-state label="Loading sessions" />
        } @else {
          <ul class="list">
            @for (session of sessionList(); track session.id) {
              <li class="row" [attr.data-session]="session.id">
                <mat-icon aria-hidden="true">{{ deviceIcon(session.user_agent) }}</mat-icon>
                <div class="what">
                  <strong [matTooltip]="session.user_agent ?? ''">{{ describe(session.user_agent) }}</strong>
                  @if (session.current) {
                    <span class="badge">This device</span>
                  }
                  <span class="meta">
                    {{ session.ip ?? 'IP unknown' }} · last used {{ session.last_used_at | date: 'medium' }} · signed in
                    {{ session.started_at | date: 'mediumDate' }}
                  </span>
                </div>
                <button mat-stroked-button type="button" [disabled]="ending() === session.id" (click)="end(session.id, session.current)">
                  {{ session.current ? 'Sign out' : 'End session' }}
                </button>
              </li>
            } @empty {
              <li><esy-empty-state icon="devices" title="No active sessions" /></li>
            }
          </ul>
        }
      </section>

      <section aria-labelledby="keys-title">
        <h2 id="keys-title">API keys</h2>
        @if (keys.error()) {
          <esy-error-state title="Could not load your API keys" [message]="errorText(keys.error())" (retry)="keys.reload()" />
        } @else if (keys.isLoading() && !keys.hasValue()) {
          <esy-loading-state label="Loading API keys" />
        } @else {
          <ul class="list">
            @for (key of activeKeys(); track key.id) {
              <li class="row">
                <mat-icon aria-hidden="true">key</mat-icon>
                <div class="what">
                  <strong>{{ key.name }}</strong>
                  <span class="meta">
                    esy_{{ key.prefix }}… · {{ key.scopes.join(', ') }} ·
                    {{ key.last_used_at ? 'last used ' + (key.last_used_at | date: 'medium') : 'never used' }}
                  </span>
                </div>
              </li>
            } @empty {
              <li><esy-empty-state icon="key_off" title="No API keys" message="Integrations use API keys instead of a session." /></li>
            }
          </ul>
          @if (apiKeysLink) {
            <a mat-button [routerLink]="apiKeysLink">Manage API keys</a>
          }
        }
      </section>
    </div>
  `,
  styles: `
    section + section {
      margin-top: 2rem;
    }
    h2 {
      margin: 0 0 0.75rem;
      font: var(--mat-sys-title-large);
    }
    .list {
      display: grid;
      gap: 0.5rem;
      margin: 0 0 0.5rem;
      padding: 0;
      list-style: none;
    }
    .row {
      display: flex;
      align-items: center;
      gap: 1rem;
      padding: 0.875rem 1rem;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: var(--mat-sys-corner-medium);
      background: var(--mat-sys-surface-container-low);
    }
    .row > mat-icon {
      color: var(--mat-sys-primary);
      flex: none;
    }
    .what {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.25rem 0.5rem;
      flex: 1;
      min-width: 0;
    }
    .meta {
      flex-basis: 100%;
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
      overflow-wrap: anywhere;
    }
    .badge {
      padding: 0.1rem 0.5rem;
      border-radius: 999px;
      font: var(--mat-sys-label-small);
      background: var(--mat-sys-primary-container);
      color: var(--mat-sys-on-primary-container);
    }
    .problem {
      display: flex;
      gap: 0.5rem;
      align-items: center;
      color: var(--mat-sys-error);
    }
    @media (max-width: 600px) {
      .row {
        flex-wrap: wrap;
      }
      .row button {
        margin-left: auto;
      }
    }
  `,
})
export class SessionsPageComponent {
  private readonly api = inject(Api);
  protected readonly config = inject(AUTH_CONFIG);
  protected readonly apiKeysLink: string | undefined = inject(ActivatedRoute).snapshot.data['apiKeysLink'];
  protected readonly sessions = rxResource({ stream: () => this.api.invoke(sessionsList) });
  protected readonly keys = rxResource({ stream: () => this.api.invoke(apiKeysList) });
  protected readonly sessionList = computed(() => (this.sessions.hasValue() ? this.sessions.value().sessions : []));
  protected readonly activeKeys = computed(() => (this.keys.hasValue() ? this.keys.value().api_keys.filter((key) => !key.revoked) : []));
  protected readonly ending = signal<string | null>(null);
  protected readonly problem = signal<string | null>(null);
  protected readonly describe = describeUserAgent;
  private readonly auth = inject(AuthService);

  protected deviceIcon(userAgent: string | null): string {
    return /iPhone|Android|Mobile/.test(userAgent ?? '') ? 'smartphone' : 'computer';
  }

  protected errorText(error: unknown): string {
    return toApiProblem(error).message;
  }

  protected async end(id: string, current: boolean): Promise<void> {
    if (current) return this.auth.signOut();
    this.ending.set(id);
    this.problem.set(null);
    try {
      await firstValueFrom(this.api.invoke(sessionsEnd, { id }));
      this.sessions.reload();
    } catch (error) {
      this.problem.set(toApiProblem(error).message);
    } finally {
      this.ending.set(null);
    }
  }
}
