import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AuthTokens, provideApiConfiguration, User } from '@esy/api-client';
import { AUTH_CONFIG, AuthConfig, DEFAULT_AUTH_CONFIG } from './auth.config';
import { authInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';

@Component({ selector: 'esy-test-blank', template: '' })
class BlankComponent {}

/** A complete API user; tests name only what they care about. */
export function testUser(user: Pick<User, 'id' | 'email' | 'role'> & Partial<User>): User {
  const at = '2025-01-01T00:00:00.000Z';
  return { display_name: null, avatar_url: null, disabled: false, must_change_password: false, last_login_at: null, created_at: at, updated_at: at, ...user };
}

export const ALICE: User = testUser({ id: 'u-1', email: 'alice@example.com', role: 'user', display_name: 'Alice Doe' });
export const ADMIN: User = testUser({ id: 'u-2', email: 'root@example.com', role: 'admin', display_name: null });

export function tokens(access: string, refresh: string, user: User = ALICE): AuthTokens {
  return {
    access_token: access,
    refresh_token: refresh,
    user,
    token_type: 'Bearer',
    expires_in: 900,
    refresh_token_expires_at: '2099-01-01T00:00:00.000Z',
  };
}

/** A TestBed with the real auth service, interceptor and router, and a fake HTTP backend. */
export function setUpAuth(config: Partial<AuthConfig> = {}) {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(withInterceptors([authInterceptor])),
      provideHttpClientTesting(),
      provideApiConfiguration(''),
      provideRouter([
        { path: 'sign-in', component: BlankComponent },
        { path: 'no-access', component: BlankComponent },
        { path: '**', component: BlankComponent },
      ]),
      { provide: AUTH_CONFIG, useValue: { ...DEFAULT_AUTH_CONFIG, ...config } },
    ],
  });
  return {
    auth: TestBed.inject(AuthService),
    http: TestBed.inject(HttpClient),
    backend: TestBed.inject(HttpTestingController),
  };
}
