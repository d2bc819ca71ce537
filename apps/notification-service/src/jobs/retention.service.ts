import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, Clock } from '@advocacy/platform';
import { DataSource } from 'typeorm';
import type { NotificationConfig } from '../config';
import { NotificationRepository } from '../inbox/notification.repository';
import { ProjectionRepository } from '../intake/projection.repository';
import { SendRepository } from '../sends/send.repository';

/**
 * GDPR: what a notification said is kept NOTIFICATION_RETENTION_DAYS. Inbox rows and suggestion
 * history are deleted; finished sends lose their payload but keep their idempotency key, so a late
 * redelivery still sends nothing.
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly notifications: NotificationRepository,
    private readonly sends: SendRepository,
    private readonly projections: ProjectionRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
  ) {}

  async purge(): Promise<{ notifications: number; sends: number }> {
    const before = new Date(
      this.clock.now().getTime() - this.config.NOTIFICATION_RETENTION_DAYS * 86_400_000,
    );
    return this.dataSource.transaction(async (manager) => {
      const notifications = await this.notifications.deleteOlderThan(manager, before);
      const sends = await this.sends.scrub(manager, before);
      await this.projections.forget(manager, before);
      return { notifications, sends };
    });
  }
}
