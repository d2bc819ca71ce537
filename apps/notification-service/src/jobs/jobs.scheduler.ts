import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@advocacy/platform';
import type { NotificationConfig } from '../config';
import { DigestService } from '../email/digest.service';
import { SendWorker } from '../sends/send.worker';
import { WeeklyService } from '../webhooks/weekly.service';
import { RetentionService } from './retention.service';

type Job = { name: string; intervalMs: number; run: () => Promise<unknown> };

/**
 * Timers for the send worker, the schedules and retention; an interval of 0 turns one off (tests call
 * the jobs directly). Every job is safe on many replicas: sends are claimed, schedules are claimed.
 */
@Injectable()
export class JobsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationJobs');
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
    private readonly worker: SendWorker,
    private readonly digests: DigestService,
    private readonly weekly: WeeklyService,
    private readonly retention: RetentionService,
  ) {}

  onApplicationBootstrap(): void {
    const jobs: Job[] = [
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
    ];
    for (const job of jobs) {
      if (job.intervalMs === 0) continue;
      const timer = setInterval(() => this.tick(job), job.intervalMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await Promise.allSettled(this.running.values());
  }

  private tick(job: Job): void {
    if (this.stopped || this.running.has(job.name)) return;
    const run = job
      .run()
      .then(() => undefined)
      .catch((error: unknown) =>
        this.logger.warn(`${job.name} failed, will retry on the next tick: ${String(error)}`),
      )
      .finally(() => this.running.delete(job.name));
    this.running.set(job.name, run);
  }
}
