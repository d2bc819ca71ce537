import { Logger } from '@nestjs/common';
import { ContentConfig } from '../config';
import { ContentService } from '../content/content.service';
import { SourcesService } from '../sources/sources.service';
import { SuggestionsService } from '../suggestions/suggestions.service';
import { JobsScheduler } from './jobs.scheduler';

type Settings = Pick<ContentConfig, 'NODE_ENV' | 'JOBS_ENABLED' | 'JOBS_INTERVAL_MS'>;

function scheduler(settings: Settings, archive: () => Promise<number> = async () => 0) {
  const calls: string[] = [];
  const content = {
    runAutoArchive: () => {
      calls.push('archive');
      return archive();
    },
  } as unknown as ContentService;
  const sources = {
    runRssPolling: async () => {
      calls.push('rss');
      return { polled: 0, imported: 0, failed: 0 };
    },
  } as unknown as SourcesService;
  const suggestions = {
    runDailySuggestions: async () => {
      calls.push('suggestions');
      return [];
    },
  } as unknown as SuggestionsService;
  return { jobs: new JobsScheduler(content, sources, suggestions, settings as ContentConfig), calls };
}

describe('JobsScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it.each([
    ['test env, flag unset', { NODE_ENV: 'test', JOBS_ENABLED: undefined }, 0],
    ['test env, flag on', { NODE_ENV: 'test', JOBS_ENABLED: true }, 3],
    ['production, flag unset', { NODE_ENV: 'production', JOBS_ENABLED: undefined }, 3],
    ['production, flag off', { NODE_ENV: 'production', JOBS_ENABLED: false }, 0],
  ] as const)('%s', async (_label, env, expectedCalls) => {
    const { jobs, calls } = scheduler({ ...env, JOBS_INTERVAL_MS: 1000 });
    jobs.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(expectedCalls);
    await jobs.onApplicationShutdown();
  });

  it('keeps running the other jobs when one fails, and skips a tick while the last one is busy', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    let release: () => void = () => undefined;
    const { jobs, calls } = scheduler(
      { NODE_ENV: 'test', JOBS_ENABLED: true, JOBS_INTERVAL_MS: 1000 },
      () =>
        new Promise<number>((_resolve, reject) => {
          release = () => reject(new Error('database down'));
        }),
    );
    jobs.tick();
    jobs.tick();
    expect(calls).toEqual(['archive']);
    release();
    await jest.advanceTimersByTimeAsync(0);
    expect(calls).toEqual(['archive', 'rss', 'suggestions']);
    expect(logged).toHaveBeenCalledWith('job auto-archive failed: database down');
    logged.mockRestore();
  });
});
