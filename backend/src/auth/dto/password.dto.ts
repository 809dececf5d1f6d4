import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './register.dto';

@ApiSchema({ name: 'ChangePasswordRequest' })
export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1, { message: 'current_password is required' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  current_password: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `new_password must be at least ${PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(PASSWORD_MAX_LENGTH)
  new_password: string;
}

@ApiSchema({ name: 'ForgotPasswordRequest' })
export class ForgotPasswordDto {
  @ApiProperty({ example: 'ada@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;
}

@ApiSchema({ name: 'ResetPasswordRequest' })
export class ResetPasswordDto {
  @ApiProperty({ description: 'The `token` of the emailed link.' })
  @IsString()
  @Matches(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{20,100}$/i, { message: 'token is not a valid reset token' })
  token: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `new_password must be at least ${PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(PASSWORD_MAX_LENGTH)
  new_password: string;
}

@ApiSchema({ name: 'ForgotPasswordResponse' })
export class ForgotPasswordResponseDto {
  @ApiProperty({ example: 'If an account exists for this address, we have sent it a link to choose a new password.' })
  message: string;
}

@ApiSchema({ name: 'TemporaryPassword' })
export class TemporaryPasswordDto {
  @ApiProperty({ description: 'Shown once. Works only to choose a new password at the next sign-in.' })
  temporary_password: string;
}
