import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '@advocacy/platform';
import { JobScheduler } from '@advocacy/service-kit';
import { ContentConfig } from '../config';
import { ContentService } from '../content/content.service';
import { SourcesService } from '../sources/sources.service';
import { SuggestionsService } from '../suggestions/suggestions.service';

/**
 * The content service's repeating jobs: auto-archive, RSS polling and the daily suggestions, each on
 * `JOBS_INTERVAL_MS`. Each is safe with several replicas on its own (row locks, claims). Off in tests
 * unless `JOBS_ENABLED`; tests call the jobs directly.
 */
@Injectable()
export class JobsScheduler implements OnApplicationBootstrap {
  constructor(
    private readonly content: ContentService,
    private readonly sources: SourcesService,
    private readonly suggestions: SuggestionsService,
    @Inject(APP_CONFIG) private readonly config: ContentConfig,
    private readonly scheduler: JobScheduler,
  ) {}

  onApplicationBootstrap(): void {
    const enabled = this.config.JOBS_ENABLED ?? this.config.NODE_ENV !== 'test';
    if (!enabled) return;
    const intervalMs = this.config.JOBS_INTERVAL_MS;
    this.scheduler.schedule('content', [
      { name: 'auto-archive', intervalMs, run: () => this.content.runAutoArchive() },
      { name: 'rss-polling', intervalMs, run: () => this.sources.runRssPolling() },
      { name: 'daily-suggestions', intervalMs, run: () => this.suggestions.runDailySuggestions() },
    ]);
  }
}
