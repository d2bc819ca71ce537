import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '@advocacy/platform';
import { JobScheduler } from '@advocacy/service-kit';
import type { NotificationConfig } from '../config';
import { DigestService } from '../email/digest.service';
import { SendWorker } from '../sends/send.worker';
import { WeeklyService } from '../webhooks/weekly.service';
import { RetentionService } from './retention.service';

/**
 * The send worker, the schedules (digests, weekly top 3) and retention, each on its own interval; an
 * interval of 0 turns one off (tests call the jobs directly). Every job is safe on many replicas:
 * sends are claimed, schedules are claimed.
 */
@Injectable()
export class JobsScheduler implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
    private readonly worker: SendWorker,
    private readonly digests: DigestService,
    private readonly weekly: WeeklyService,
    private readonly retention: RetentionService,
    private readonly scheduler: JobScheduler,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.schedule('notification', [
      { name: 'sends', intervalMs: this.config.SEND_WORKER_INTERVAL_MS, run: () => this.worker.drain() },
      {
        name: 'schedules',
        intervalMs: this.config.SCHEDULE_INTERVAL_MS,
        run: async () => {
          await this.digests.runDigests();
          await this.weekly.runWeeklyTop3();
        },
      },
      { name: 'retention', intervalMs: this.config.RETENTION_INTERVAL_MS, run: () => this.retention.purge() },
    ]);
  }
}
