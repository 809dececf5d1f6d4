import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { HttpRequest as Request } from '../common/http/http-types';
import { Authenticated } from '../common/auth/authenticated.decorator';
import type { AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentUser } from '../common/auth/current-user.decorator';
import { Public } from '../common/auth/public.decorator';
import { notFound } from '../common/errors/api.exception';
import { ApiErrorResponses } from '../common/swagger/api-error-responses.decorator';
import { UserDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import { AuthTokensDto } from './dto/auth-tokens.dto';
import { LoginDto } from './dto/login.dto';
import { ChangePasswordDto, ForgotPasswordDto, ForgotPasswordResponseDto, ResetPasswordDto } from './dto/password.dto';
import { PasswordChangeService } from './password-change.service';
import { FORGOT_PASSWORD_ANSWER, PasswordResetService } from './password-reset.service';
import { Audit, type AuditContext } from '../audit/audit-context';
import { RefreshTokenDto } from './dto/refresh-token.dto';
import { RegisterDto } from './dto/register.dto';
import { LoginThrottlerGuard } from './guards/login-throttler.guard';
import type { SessionContext } from './sessions.service';

const sessionContext = (request: Request): SessionContext => ({
  userAgent: request.headers['user-agent'],
  ip: request.ip,
});

@ApiTags('Auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly passwordChange: PasswordChangeService,
    private readonly passwordReset: PasswordResetService,
  ) {}

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('register')
  @ApiOperation({ operationId: 'Auth_register', summary: 'Create a user account and start a session' })
  @ApiCreatedResponse({ type: AuthTokensDto })
  @ApiErrorResponses(400, 403, 409, 413, 429)
  register(@Body() body: RegisterDto, @Req() request: Request): Promise<AuthTokensDto> {
    return this.auth.register(body, sessionContext(request));
  }

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ operationId: 'Auth_login', summary: 'Log in with email and password' })
  @ApiOkResponse({ type: AuthTokensDto })
  @ApiErrorResponses(400, 401, 403, 429)
  login(@Body() body: LoginDto, @Req() request: Request, @Audit() audit: AuditContext): Promise<AuthTokensDto> {
    return this.auth.login(body, sessionContext(request), audit);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'Auth_refresh',
    summary: 'Exchange a refresh token for a new token pair',
    description:
      'Refresh tokens are single-use. Presenting one again within REFRESH_REUSE_GRACE_SECONDS (10 s; another tab refreshing at the same moment) returns the same new refresh token; later, it ends every session of its login (401 REFRESH_TOKEN_REUSED).',
  })
  @ApiOkResponse({ type: AuthTokensDto })
  @ApiErrorResponses(400, 401)
  refresh(@Body() body: RefreshTokenDto, @Req() request: Request): Promise<AuthTokensDto> {
    return this.auth.refresh(body.refresh_token, sessionContext(request));
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ operationId: 'Auth_logout', summary: 'End the session of a refresh token' })
  @ApiBody({ type: RefreshTokenDto })
  @ApiNoContentResponse({ description: 'Session ended (also when the token was unknown).' })
  @ApiErrorResponses(400)
  async logout(@Body() body: RefreshTokenDto): Promise<void> {
    await this.auth.logout(body.refresh_token);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ operationId: 'Auth_me', summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserDto })
  async me(@CurrentUser() caller: AuthenticatedUser): Promise<UserDto> {
    const user = await this.users.findById(caller.id);
    if (!user) throw notFound('User');
    return UserDto.from(user);
  }

  @Post('password')
  @Authenticated()
  @HttpCode(204)
  @ApiOperation({
    operationId: 'Auth_changePassword',
    summary: 'Change your password',
    description: 'Needs the current password. Every other session of yours ends; the one making the request stays signed in.',
  })
  @ApiNoContentResponse({ description: 'Changed.' })
  @ApiErrorResponses(400, 403)
  async changePassword(
    @Body() body: ChangePasswordDto,
    @CurrentUser() caller: AuthenticatedUser,
    @Audit() audit: AuditContext,
  ): Promise<void> {
    await this.passwordChange.change(caller, body.current_password, body.new_password, audit);
  }

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('password/forgot')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'Auth_forgotPassword',
    summary: 'Email a link to choose a new password',
    description: 'The answer is the same whether or not the address has an account. The link works once, for 30 minutes (PASSWORD_RESET_TTL_MINUTES).',
  })
  @ApiResponse({ status: 202, type: ForgotPasswordResponseDto })
  @ApiErrorResponses(400, 429)
  async forgotPassword(@Body() body: ForgotPasswordDto): Promise<ForgotPasswordResponseDto> {
    await this.passwordReset.request(body.email);
    return { message: FORGOT_PASSWORD_ANSWER };
  }

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('password/reset')
  @HttpCode(204)
  @ApiOperation({ operationId: 'Auth_resetPassword', summary: 'Choose a new password with an emailed link; ends every session' })
  @ApiNoContentResponse({ description: 'Password set; sign in with it.' })
  @ApiErrorResponses(400, 429)
  async resetPassword(@Body() body: ResetPasswordDto, @Audit() audit: AuditContext): Promise<void> {
    await this.passwordReset.reset(body.token, body.new_password, audit);
  }
}
