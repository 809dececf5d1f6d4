import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { InjectConfig } from '../config/app-config.module';
import { PG, type Pg } from '../database/pg';
import type { RunEventMessage } from '../engine/run-event-message';
import { RunEventsHub } from '../events/run-events.hub';
import { MailerService } from '../mail/mailer.service';
import { MAILED_RUN_EVENTS, runUpdateMail, type MailedRun } from './run-mail';

/**
 * Emails a run's owner when it pauses, completes or fails, if they turned run emails on and SMTP is configured.
 * Every API process sees every event on the hub; the run_notification_emails row (one per event) makes exactly one
 * of them send it. Draft test runs are never mailed.
 */
@Injectable()
export class RunMailNotifier implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RunMail');
  private unsubscribe?: () => void;

  constructor(
    private readonly hub: RunEventsHub,
    private readonly mailer: MailerService,
    @Inject(PG) private readonly pg: Pg,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.mailer.configured) return;
    this.unsubscribe = this.hub.subscribeAll((message) => {
      if (message.id === null || !MAILED_RUN_EVENTS.has(message.type)) return;
      this.notify(message).catch((error: Error) => this.logger.warn(`Run email for event ${message.id} not sent: ${error.message}`));
    });
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
  }

  async notify(message: RunEventMessage): Promise<boolean> {
    const { rows } = await this.pg.query<MailedRun & { user_id: string }>(
      `SELECT r.id, r.display_name, r.pause_reason, r.error_message, r.user_id, u.email
       FROM runs r JOIN users u ON u.id = r.user_id
       WHERE r.id = $1 AND NOT r.draft AND u.email_run_updates AND NOT u.disabled`,
      [message.run_id],
    );
    const run = rows[0];
    if (!run) return false;
    const claimed = await this.pg.query('INSERT INTO run_notification_emails (event_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [message.id, run.user_id]);
    if (claimed.rowCount === 0) return false; // another process has it
    return this.mailer.send(runUpdateMail(message.type, run, this.config.publicAppUrl));
  }
}
