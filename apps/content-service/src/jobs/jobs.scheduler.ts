import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@advocacy/platform';
import { ContentConfig } from '../config';
import { ContentService } from '../content/content.service';
import { SourcesService } from '../sources/sources.service';
import { SuggestionsService } from '../suggestions/suggestions.service';

/**
 * A plain interval that runs the scheduled jobs. Each job is safe with several replicas on its own
 * (row locks, claims), so every replica may run the timer. Off in tests, which call the jobs directly.
 */
@Injectable()
export class JobsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('JobsScheduler');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly content: ContentService,
    private readonly sources: SourcesService,
    private readonly suggestions: SuggestionsService,
    @Inject(APP_CONFIG) private readonly config: ContentConfig,
  ) {}

  onApplicationBootstrap(): void {
    const enabled = this.config.JOBS_ENABLED ?? this.config.NODE_ENV !== 'test';
    if (!enabled) return;
    this.timer = setInterval(() => this.tick(), this.config.JOBS_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Runs all jobs once unless the previous tick is still busy. */
  tick(): void {
    if (this.running) return;
    this.running = this.runAll().finally(() => {
      this.running = undefined;
    });
  }

  private async runAll(): Promise<void> {
    const jobs: [string, () => Promise<unknown>][] = [
      ['auto-archive', () => this.content.runAutoArchive()],
      ['rss-polling', () => this.sources.runRssPolling()],
      ['daily-suggestions', () => this.suggestions.runDailySuggestions()],
    ];
    for (const [name, job] of jobs) {
      try {
        await job();
      } catch (error) {
        this.logger.error(`job ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}
