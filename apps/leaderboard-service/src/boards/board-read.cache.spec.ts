import type { LeaderboardConfig } from '../config';
import type { LiveHub } from '../live/live.hub';
import { BoardReadCache } from './board-read.cache';

/** A cache whose hub the test drives, with a read that counts and can be held open. */
function setUp(ttlMs: number) {
  let changed: (tenantId: string) => void = () => undefined;
  const hub = { onChanged: (watcher: (tenantId: string) => void) => (changed = watcher) };
  const cache = new BoardReadCache(
    { LEADERBOARD_READ_CACHE_MS: ttlMs } as LeaderboardConfig,
    hub as unknown as LiveHub,
  );
  let reads = 0;
  const read = (value: unknown) => async () => {
    reads += 1;
    return value;
  };
  return { cache, change: (tenantId: string) => changed(tenantId), read, reads: () => reads };
}

describe('BoardReadCache', () => {
  afterEach(() => jest.restoreAllMocks());

  const cases: {
    name: string;
    ttlMs: number;
    between: (t: ReturnType<typeof setUp>) => void;
    reads: number;
    second: string;
  }[] = [
    { name: 'the same question again', ttlMs: 1000, between: () => undefined, reads: 1, second: '"first"' },
    {
      name: 'after a change of the tenant',
      ttlMs: 1000,
      between: (t) => t.change('acme'),
      reads: 2,
      second: '"second"',
    },
    {
      name: 'after a change of another tenant',
      ttlMs: 1000,
      between: (t) => t.change('other'),
      reads: 1,
      second: '"first"',
    },
    {
      name: 'past the time limit',
      ttlMs: 1000,
      between: () => {
        const now = Date.now() + 1001;
        jest.spyOn(Date, 'now').mockReturnValue(now);
      },
      reads: 2,
      second: '"second"',
    },
    { name: 'with the cache off', ttlMs: 0, between: () => undefined, reads: 2, second: '"second"' },
  ];
  it.each(cases)('$name: $reads read(s)', async ({ ttlMs, between, reads, second }) => {
    const t = setUp(ttlMs);
    expect(await t.cache.answer('acme', '/api/v1/leaderboards/global', t.read('first'))).toBe('"first"');
    between(t);
    expect(await t.cache.answer('acme', '/api/v1/leaderboards/global', t.read('second'))).toBe(second);
    expect(t.reads()).toBe(reads);
  });

  it('keeps apart the questions of one tenant', async () => {
    const t = setUp(1000);
    await t.cache.answer('acme', '/api/v1/leaderboards/global?limit=10', t.read('top'));
    expect(await t.cache.answer('acme', '/api/v1/leaderboards/global/rank/ann', t.read('rank'))).toBe(
      '"rank"',
    );
    expect(t.reads()).toBe(2);
  });

  it('shares a read in flight, but neither keeps it nor joins it across a change', async () => {
    const t = setUp(1000);
    let release: (value: unknown) => void = () => undefined;
    const slow = () => new Promise((resolve) => (release = resolve));
    const first = t.cache.answer('acme', '/q', slow);
    const joined = t.cache.answer('acme', '/q', t.read('never'));
    t.change('acme'); // the board changed while the read was under way
    const after = t.cache.answer('acme', '/q', t.read('after'));
    release('before');
    expect(await first).toBe('"before"');
    expect(await joined).toBe('"before"');
    expect(await after).toBe('"after"');
    // The read from before the change was not kept; the one after it was.
    expect(await t.cache.answer('acme', '/q', t.read('later'))).toBe('"after"');
    expect(t.reads()).toBe(1);
  });

  it('keeps no failure', async () => {
    const t = setUp(1000);
    await expect(
      t.cache.answer('acme', '/q', async () => {
        throw new Error('redis down');
      }),
    ).rejects.toThrow('redis down');
    expect(await t.cache.answer('acme', '/q', t.read('fine'))).toBe('"fine"');
  });
});
