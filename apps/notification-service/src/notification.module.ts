import { DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG, outboundOptions } from '@advocacy/platform';
import type { AppOverrides } from './app';
import type { NotificationConfig } from './config';
import { DigestService } from './email/digest.service';
import { Mailer } from './email/mailer';
import { UnsubscribeController } from './email/unsubscribe.controller';
import { InboxHub } from './inbox/inbox.hub';
import { NotificationController } from './inbox/notification.controller';
import { NotificationRepository } from './inbox/notification.repository';
import { IntakeConsumer } from './intake/intake.consumer';
import { IntakeService } from './intake/intake.service';
import { ProjectionRepository } from './intake/projection.repository';
import { JobsScheduler } from './jobs/jobs.scheduler';
import { RetentionService } from './jobs/retention.service';
import { PreferenceController } from './preferences/preference.controller';
import { PreferenceRepository } from './preferences/preference.repository';
import { PreferenceService } from './preferences/preference.service';
import { ScheduleRepository } from './sends/schedule.repository';
import { SendController } from './sends/send.controller';
import { SendRepository } from './sends/send.repository';
import { SendWorker } from './sends/send.worker';
import { GuardedWebhookDelivery, WebhookDelivery } from './webhooks/webhook.delivery';
import { WebhookController } from './webhooks/webhook.controller';
import { WebhookRepository } from './webhooks/webhook.repository';
import { WeeklyService } from './webhooks/weekly.service';

@Module({})
export class NotificationModule {
  static register(overrides: AppOverrides = {}): DynamicModule {
    return {
      module: NotificationModule,
      controllers: [
        NotificationController,
        PreferenceController,
        UnsubscribeController,
        WebhookController,
        SendController,
        IntakeConsumer,
      ],
      providers: [
        DigestService,
        InboxHub,
        IntakeService,
        JobsScheduler,
        Mailer,
        NotificationRepository,
        PreferenceRepository,
        PreferenceService,
        ProjectionRepository,
        RetentionService,
        ScheduleRepository,
        SendRepository,
        SendWorker,
        WebhookRepository,
        WeeklyService,
        {
          provide: WebhookDelivery,
          inject: [APP_CONFIG],
          useFactory: (config: NotificationConfig) =>
            overrides.webhookDelivery ?? new GuardedWebhookDelivery(outboundOptions(config)),
        },
      ],
      exports: [SendWorker, DigestService, WeeklyService, RetentionService],
    };
  }
}
