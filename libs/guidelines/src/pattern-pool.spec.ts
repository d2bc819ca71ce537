import { GuidelineRules, GuidelineRulesInput } from '@advocacy/contracts';
import { checkText, checkTextOffThread } from './check';
import { PatternPool } from './pattern-pool';
import { GuidelineCheckError } from './patterns';

const rules = (input: GuidelineRulesInput) => GuidelineRules.parse(input);
// seconds per search in re2js over this text: linear, but with a constant that would stall a service
const SLOW = { name: 'slow', pattern: '\\w{1,100}\\s\\w{1,100}!' };
/** Eight slow patterns: on a quiet, fast machine one search may fit a budget; eight cannot. */
const SLOW_SET = Array.from({ length: 8 }, (_, index) => ({
  name: `slow-${index}`,
  pattern: `\\w{1,100}\\s\\w{1,${100 + index}}!`,
}));
const LONG_TEXT = 'a'.repeat(70_000);

/** The longest gap between ticks of a 10 ms interval while `work` runs: how blocked the loop was. */
async function longestStall<T>(work: Promise<T>): Promise<{ stallMs: number; settled: T | Error }> {
  let last = performance.now();
  let stallMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 10);
  const settled = await work.catch((error: Error) => error);
  clearInterval(ticker);
  return { stallMs: Math.max(stallMs, performance.now() - last), settled };
}

describe('PatternPool', () => {
  let pool: PatternPool;

  beforeEach(() => {
    pool = new PatternPool({ workers: 1, maxQueued: 2 });
  });

  afterEach(async () => {
    await pool.close();
  });

  it('answers the same findings as the in-thread check', async () => {
    const r = rules({
      blockedTerms: ['secret'],
      confidentialPatterns: [
        { name: 'code', pattern: 'PRJ-\\d{4}' },
        { name: 'evil', pattern: '(a+)+$' },
      ],
    });
    const input = { network: 'linkedin' as const, text: 'secret PRJ-1234 and PRJ-9876 aaaa' };
    const offThread = await checkTextOffThread(pool, r, input);
    expect(offThread).toEqual(checkText(r, input));
    expect(offThread.findings.map((f) => f.rule)).toEqual([
      'blocked_term',
      'confidential',
      'confidential',
      'confidential',
    ]);
  });

  it("does not count a worker's start-up against the first check's budget", async () => {
    const r = rules({ confidentialPatterns: [{ name: 'code', pattern: 'PRJ-\\d{4}' }] });
    // loading (here: compiling) the worker takes longer than this budget; the search itself does not
    const result = await checkTextOffThread(pool, r, { network: 'linkedin', text: 'PRJ-1234' }, 100);
    expect(result.findings).toHaveLength(1);
  });

  it('ends a check past its budget with check_budget_exceeded while the event loop keeps running', async () => {
    const r = rules({ confidentialPatterns: SLOW_SET });
    const started = performance.now();
    const { stallMs, settled } = await longestStall(
      checkTextOffThread(pool, r, { network: 'linkedin', text: LONG_TEXT }, 300),
    );
    expect(settled).toBeInstanceOf(GuidelineCheckError);
    expect(settled).toMatchObject({ code: 'check_budget_exceeded', status: 422 });
    expect(performance.now() - started).toBeLessThan(2000);
    // in this thread the same search stalls the loop for seconds; generous for a loaded machine
    expect(stallMs).toBeLessThan(250);
    // the terminated worker is replaced: the next check runs
    const next = await checkTextOffThread(
      pool,
      rules({ confidentialPatterns: [{ name: 'a', pattern: 'b+' }] }),
      { network: 'linkedin', text: 'abba' },
    );
    expect(next.findings).toHaveLength(1);
  });

  it('refuses a check at once when the queue is full (check_busy, 503)', async () => {
    const r = rules({ confidentialPatterns: [SLOW] });
    const input = { network: 'linkedin' as const, text: LONG_TEXT };
    // One running and two waiting fill a pool of one worker and two places; the budget is long so that
    // none of them can finish (or time out) before the fourth arrives, however fast the machine is.
    const running = [1, 2, 3].map(() => checkTextOffThread(pool, r, input, 60_000).catch((e: Error) => e));
    await expect(checkTextOffThread(pool, r, input, 60_000)).rejects.toMatchObject({
      code: 'check_busy',
      status: 503,
    });
    await pool.close();
    // Closing the pool settles every check it held.
    expect(await Promise.all(running)).toHaveLength(3);
  });

  it('fails closed on a stored pattern RE2 cannot run', async () => {
    // bypasses parseGuidelineRules, as rules stored before the linear engine would
    const r = rules({ confidentialPatterns: [{ name: 'repeat', pattern: '(a)\\1' }] });
    await expect(checkTextOffThread(pool, r, { network: 'linkedin', text: 'aa' })).rejects.toMatchObject({
      code: 'pattern_unsupported',
    });
  });
});
