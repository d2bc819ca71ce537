import { SchedulerRegistry } from '@nestjs/schedule';
import { JobScheduler } from '@advocacy/service-kit';
import { ContentConfig } from '../config';
import { ContentService } from '../content/content.service';
import { SourcesService } from '../sources/sources.service';
import { SuggestionsService } from '../suggestions/suggestions.service';
import { JobsScheduler } from './jobs.scheduler';

type Settings = Pick<ContentConfig, 'NODE_ENV' | 'JOBS_ENABLED' | 'JOBS_INTERVAL_MS'>;

function scheduler(settings: Settings) {
  const calls: string[] = [];
  const call = (name: string, result: unknown) => async () => {
    calls.push(name);
    return result;
  };
  const content = { runAutoArchive: call('archive', 0) } as unknown as ContentService;
  const sources = {
    runRssPolling: call('rss', { polled: 0, imported: 0, failed: 0 }),
  } as unknown as SourcesService;
  const suggestions = { runDailySuggestions: call('suggestions', []) } as unknown as SuggestionsService;
  const registry = new SchedulerRegistry();
  const runner = new JobScheduler(registry);
  const jobs = new JobsScheduler(content, sources, suggestions, settings as ContentConfig, runner);
  return { jobs, runner, registry, calls };
}

describe('content JobsScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it.each([
    ['test env, flag unset', { NODE_ENV: 'test', JOBS_ENABLED: undefined }, []],
    ['test env, flag on', { NODE_ENV: 'test', JOBS_ENABLED: true }, ['archive', 'rss', 'suggestions']],
    [
      'production, flag unset',
      { NODE_ENV: 'production', JOBS_ENABLED: undefined },
      ['archive', 'rss', 'suggestions'],
    ],
    ['production, flag off', { NODE_ENV: 'production', JOBS_ENABLED: false }, []],
  ] as const)('%s', async (_label, env, expected) => {
    const { jobs, runner, registry, calls } = scheduler({ ...env, JOBS_INTERVAL_MS: 1000 });
    jobs.onApplicationBootstrap();
    expect(registry.getIntervals()).toEqual(
      expected.length ? ['content:auto-archive', 'content:rss-polling', 'content:daily-suggestions'] : [],
    );
    await jest.advanceTimersByTimeAsync(1000);
    expect([...calls].sort()).toEqual([...expected].sort());
    await runner.beforeApplicationShutdown();
    expect(registry.getIntervals()).toEqual([]);
  });
});
