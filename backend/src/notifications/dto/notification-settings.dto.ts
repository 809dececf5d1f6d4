import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

@ApiSchema({ name: 'NotificationSettings' })
export class NotificationSettingsDto {
  @ApiProperty({ description: 'Email me when one of my runs pauses, completes or fails.' })
  @IsBoolean()
  email_run_updates: boolean;
}

@ApiSchema({ name: 'NotificationSettingsView' })
export class NotificationSettingsViewDto extends NotificationSettingsDto {
  @ApiProperty({ description: 'Whether this server can send email at all (SMTP configured). When false, the choice is kept but nothing is sent.' })
  email_available: boolean;
}
