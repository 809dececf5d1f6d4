// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- the declaration travels with this file into the e2e type check
/// <reference path="./oidc-provider.d.ts" />
import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** What the provider says about a person: its OpenID claims (`sub` is the login typed at its sign-in form). */
export interface TestAccount {
  email: string;
  email_verified: boolean;
  name?: string;
  groups?: string[];
}

export interface OidcTestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** People who can sign in, by login (= subject). */
  accounts: Map<string, TestAccount>;
  /** When set, ID tokens leave the token endpoint re-signed for this audience (a token meant for another app). */
  forgeAudience: string | null;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on a free local port, with its built-in development
 * sign-in and consent pages. One confidential client (`esy`) whose redirect URIs are given.
 */
export async function startOidcProvider(redirectUris: string[]): Promise<OidcTestProvider> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const state: OidcTestProvider = {
    issuer,
    clientId: 'esy',
    clientSecret: randomBytes(24).toString('base64url'),
    accounts: new Map(),
    forgeAudience: null,
    close: () => closeServer(server),
  };
  const provider = quietly(() => new Provider(issuer, {
    clients: [
      {
        client_id: state.clientId,
        client_secret: state.clientSecret,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    scopes: ['openid', 'email', 'profile', 'groups', 'offline_access'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    findAccount: (_context: unknown, sub: string) => {
      const account = state.accounts.get(sub);
      return account ? { accountId: sub, claims: () => ({ sub, ...account }) } : undefined;
    },
    features: { devInteractions: { enabled: true } },
    ttl: { Session: 3600, Grant: 3600, Interaction: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
  }));
  const handle = provider.callback();
  server.on('request', (request, response) => {
    if (state.forgeAudience && request.method === 'POST' && request.url?.startsWith('/token')) {
      reSignIdTokens(response, privateKey, kid, state.forgeAudience);
    }
    handle(request, response);
  });
  return state;
}

/** oidc-provider warns at start-up that it runs on Node 20 with development features and memory storage: meant here. */
function quietly<T>(create: () => T): T {
  const { warn, info } = console;
  console.warn = console.info = () => undefined;
  try {
    return create();
  } finally {
    Object.assign(console, { warn, info });
  }
}

/** Rewrites the token response on its way out: the ID token's `aud` replaced, signed again with the provider's key. */
function reSignIdTokens(response: import('node:http').ServerResponse, key: KeyObject, kid: string, audience: string): void {
  const end = response.end.bind(response) as (chunk?: unknown, ...rest: unknown[]) => unknown;
  response.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (chunk === undefined || typeof chunk === 'function') return end(chunk, ...rest);
    const body = JSON.parse(Buffer.from(chunk as string | Buffer).toString('utf8')) as { id_token?: string };
    if (body.id_token) {
      const payload = JSON.parse(Buffer.from(body.id_token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const signingInput = `${encode({ alg: 'RS256', typ: 'JWT', kid })}.${encode({ ...payload, aud: audience, azp: audience })}`;
      body.id_token = `${signingInput}.${sign('sha256', Buffer.from(signingInput), key).toString('base64url')}`;
    }
    const text = JSON.stringify(body);
    response.setHeader('content-length', Buffer.byteLength(text));
    return end(text, ...rest);
  }) as typeof response.end;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Browser cookies, by name (paths are ignored: every request goes to one provider). */
type CookieJar = Map<string, string>;

function remember(jar: CookieJar, response: Response): void {
  for (const cookie of response.headers.getSetCookie()) {
    const [pair] = cookie.split(';');
    const index = pair.indexOf('=');
    jar.set(pair.slice(0, index), pair.slice(index + 1));
  }
}

const cookieHeader = (jar: CookieJar) => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

/**
 * Plays the browser at the provider: follows its redirects and submits its development sign-in form (as `login`)
 * and consent form, until the provider redirects to a URL under `redirectBase`, which is returned.
 */
export async function signInAtProvider(authorizationUrl: string, login: string, redirectBase: string): Promise<URL> {
  const jar: CookieJar = new Map();
  let next: { url: string; method: 'GET' | 'POST'; body?: URLSearchParams } = { url: authorizationUrl, method: 'GET' };
  for (let step = 0; step < 20; step += 1) {
    if (next.url.startsWith(redirectBase)) return new URL(next.url);
    const response = await fetch(next.url, {
      method: next.method,
      redirect: 'manual',
      headers: { cookie: cookieHeader(jar), ...(next.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: next.body?.toString(),
    });
    remember(jar, response);
    const location = response.headers.get('location');
    if (location) {
      next = { url: new URL(location, next.url).href, method: 'GET' };
      continue;
    }
    const html = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([a-z]+)"/.exec(html)?.[1];
    if (!response.ok || !action || !prompt) throw new Error(`The provider answered ${response.status} without a form: ${html.slice(0, 500)}`);
    const body = new URLSearchParams({ prompt });
    if (prompt === 'login') {
      body.set('login', login);
      body.set('password', 'any password');
    }
    next = { url: new URL(action.replace(/&amp;/g, '&'), next.url).href, method: 'POST', body };
  }
  throw new Error('The provider never redirected back');
}

