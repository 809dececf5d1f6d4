import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/app-config.module';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/**
 * Outgoing email over SMTP (SMTP_* variables). Without SMTP_HOST nothing is sent: `send` answers false and the
 * caller logs what the user needed (the reset link), so a fresh install still works.
 */
@Injectable()
export class MailerService implements OnModuleDestroy {
  private readonly logger = new Logger(MailerService.name);
  private readonly transport: Transporter | null;

  constructor(@InjectConfig() private readonly config: AppConfig) {
    const smtp = config.smtp;
    this.transport = smtp.host
      ? createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.tls,
          auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
          // Never wait minutes on a dead server: the caller has already answered the user.
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 20_000,
        })
      : null;
  }

  get configured(): boolean {
    return this.transport !== null;
  }

  /** True when the server accepted the message; false when SMTP is not configured. Throws on SMTP errors. */
  async send(message: MailMessage): Promise<boolean> {
    if (!this.transport) return false;
    await this.transport.sendMail({ from: this.config.smtp.from, ...message });
    this.logger.log(`Sent "${message.subject}" to ${message.to}`);
    return true;
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
