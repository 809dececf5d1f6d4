import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { MailModule } from '../mail/mail.module';
import { NotificationSettingsController } from './notification-settings.controller';
import { RunMailNotifier } from './run-mail-notifier';

/** Telling users about their runs outside the open page: the email preference and the mailer of run updates. */
@Module({
  imports: [EventsModule, MailModule],
  controllers: [NotificationSettingsController],
  providers: [RunMailNotifier],
})
export class NotificationsModule {}
