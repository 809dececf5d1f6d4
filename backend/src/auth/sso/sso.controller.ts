import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Audit, type AuditContext } from '../../audit/audit-context';
import { Public } from '../../common/auth/public.decorator';
import { ApiException } from '../../common/errors/api.exception';
import type { HttpRequest, HttpResponse } from '../../common/http/http-types';
import { ApiErrorResponses } from '../../common/swagger/api-error-responses.decorator';
import { AuthService } from '../auth.service';
import { AuthTokensDto } from '../dto/auth-tokens.dto';
import { SsoExchangeDto, SsoPublicDto } from './dto/sso-settings.dto';
import { SsoSettingsStore } from './sso-settings.store';
import { SSO_APPS, type SsoApp, SsoService } from './sso.service';

/** Binds a sign-in to the browser that started it; read only by the callback. */
const STATE_COOKIE = 'esy_sso_state';
const COOKIE_PATH = '/api/auth/sso';

/** A bare 302: no "Found. Redirecting to …" body, which would be an undocumented response. */
function redirect(response: HttpResponse, url: string): void {
  response.setHeader('Location', url);
  response.setHeader('Cache-Control', 'no-store');
  response.status(302).end();
}

@ApiTags('Auth')
@Controller('auth/sso')
export class SsoController {
  constructor(
    private readonly sso: SsoService,
    private readonly store: SsoSettingsStore,
    private readonly auth: AuthService,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ operationId: 'Auth_ssoInfo', summary: 'Whether single sign-on is offered, and the name on its button' })
  @ApiOkResponse({ type: SsoPublicDto })
  async info(): Promise<SsoPublicDto> {
    const active = await this.store.active();
    return { enabled: active !== null, display_name: active?.display_name ?? null, local_passwords: active?.local_passwords ?? true };
  }

  @Public()
  @Get('start')
  @ApiOperation({
    operationId: 'Auth_ssoStart',
    summary: 'Start single sign-on: redirects the browser to the identity provider',
    description: 'Open it as a page (not with fetch). The browser returns through /api/auth/sso/callback to the sign-in page of `app`.',
  })
  @ApiQuery({ name: 'app', enum: SSO_APPS, required: false, description: 'The app to return to (default user).' })
  @ApiFoundResponse({ description: 'To the identity provider, or to the sign-in page with `sso_error` when single sign-on is off.' })
  @ApiErrorResponses(400)
  async start(@Query('app') appParam: string | undefined, @Res() response: HttpResponse): Promise<void> {
    const app = appOf(appParam);
    try {
      const started = await this.sso.start(app);
      const secure = this.sso.appUrl(app).startsWith('https:') ? '; Secure' : '';
      // SameSite=Lax: the provider's redirect back is a top-level GET, which still carries the cookie.
      response.setHeader('Set-Cookie', `${STATE_COOKIE}=${app}.${started.state}; Path=${COOKIE_PATH}; Max-Age=600; HttpOnly; SameSite=Lax${secure}`);
      redirect(response, started.url);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'SSO_FAILED';
      redirect(response, `${this.sso.appUrl(app)}/sign-in?sso_error=${/^SSO_[A-Z_]+$/.test(code) ? code : 'SSO_FAILED'}`);
    }
  }

  @Public()
  @Get('callback')
  @ApiOperation({
    operationId: 'Auth_ssoCallback',
    summary: 'Where the identity provider sends the browser back (register it as redirect URI)',
    description: 'Verifies state, PKCE and the ID token, then redirects to the sign-in page with a one-time code (`#sso_code=`) or `?sso_error=<code>`.',
  })
  @ApiFoundResponse({ description: 'To the sign-in page of the app that started the sign-in.' })
  async callback(@Req() request: HttpRequest, @Res() response: HttpResponse, @Audit() audit: AuditContext): Promise<void> {
    const query = new URL(request.url, 'http://callback.invalid').searchParams;
    const target = await this.sso.finish(query, stateCookieOf(request.headers.cookie), audit);
    response.setHeader('Set-Cookie', `${STATE_COOKIE}=; Path=${COOKIE_PATH}; Max-Age=0; HttpOnly; SameSite=Lax`);
    redirect(response, target);
  }

  @Public()
  @Post('exchange')
  @HttpCode(200)
  @ApiOperation({ operationId: 'Auth_ssoExchange', summary: 'Trade the one-time code from the callback for a session (the same token pair as a password sign-in)' })
  @ApiOkResponse({ type: AuthTokensDto })
  @ApiErrorResponses(400, 403)
  async exchange(@Body() body: SsoExchangeDto, @Req() request: HttpRequest): Promise<AuthTokensDto> {
    const userId = await this.sso.redeem(body.code);
    if (!userId) throw new ApiException(400, 'INVALID_SSO_CODE', 'This sign-in link has expired or was already used: sign in again.');
    return this.auth.signInAs(userId, { userAgent: request.headers['user-agent'], ip: request.ip });
  }
}

function appOf(value: string | undefined): SsoApp {
  if (value === undefined || value === '') return 'user';
  if ((SSO_APPS as readonly string[]).includes(value)) return value as SsoApp;
  throw new ApiException(400, 'VALIDATION_FAILED', 'app must be one of: user, admin', [{ field: 'app', message: 'app must be one of: user, admin' }]);
}

function stateCookieOf(header: string | undefined): { app: SsoApp; state: string } | null {
  const raw = header
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${STATE_COOKIE}=`))
    ?.slice(STATE_COOKIE.length + 1);
  const match = raw ? /^(user|admin)\.([A-Za-z0-9_-]{1,200})$/.exec(raw) : null;
  return match ? { app: match[1] as SsoApp, state: match[2] } : null;
}
