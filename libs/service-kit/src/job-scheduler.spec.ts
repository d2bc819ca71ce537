import { Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { JobScheduler } from './job-scheduler';

/** Every held run not yet released, finished after each test so that shutdown does not wait on it. */
const releases: ((error?: Error) => void)[] = [];

/** A job whose runs are held until the test lets them finish. */
function heldJob() {
  let runs = 0;
  const run = () =>
    new Promise<void>((resolve, reject) => {
      runs += 1;
      releases.push((error) => (error ? reject(error) : resolve()));
    });
  return { run, runs: () => runs, release: (error?: Error) => releases.shift()?.(error) };
}

describe('JobScheduler', () => {
  let registry: SchedulerRegistry;
  let scheduler: JobScheduler;
  let warned: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    registry = new SchedulerRegistry();
    scheduler = new JobScheduler(registry);
    warned = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    releases.splice(0).forEach((release) => release());
    await scheduler.beforeApplicationShutdown();
    warned.mockRestore();
    jest.useRealTimers();
  });

  it.each([
    ['an interval', { intervalMs: 1000 }, ['owner:job'], 0, 1],
    ['interval 0 (off)', { intervalMs: 0 }, [], 0, 0],
    ['run at start', { intervalMs: 1000, runAtStart: true }, ['owner:job'], 1, 2],
  ])('%s: registered as %j', async (_label, options, names, atStart, afterOneInterval) => {
    let runs = 0;
    scheduler.schedule('owner', [{ name: 'job', ...options, run: async () => void (runs += 1) }]);
    expect(registry.getIntervals()).toEqual(names);
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toBe(atStart);
    await jest.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(afterOneInterval);
  });

  it('never overlaps a run of the same job: ticks while it is busy are skipped', async () => {
    const job = heldJob();
    scheduler.schedule('owner', [{ name: 'slow', intervalMs: 100, run: job.run }]);
    await jest.advanceTimersByTimeAsync(550);
    expect(job.runs()).toBe(1);
    expect(scheduler.inProgress()).toEqual(['owner:slow']);
    job.release();
    await jest.advanceTimersByTimeAsync(100);
    expect(job.runs()).toBe(2);
  });

  it('logs a failure and runs the job again on its next tick; other jobs are not held up', async () => {
    const failing = heldJob();
    let other = 0;
    scheduler.schedule('owner', [
      { name: 'failing', intervalMs: 100, run: failing.run },
      { name: 'other', intervalMs: 100, run: async () => void (other += 1) },
    ]);
    await jest.advanceTimersByTimeAsync(100);
    failing.release(new Error('database down'));
    await jest.advanceTimersByTimeAsync(0);
    expect(warned).toHaveBeenCalledWith(
      { job: 'owner:failing', err: expect.objectContaining({ message: 'database down' }) },
      'owner:failing failed, will retry on the next tick: database down',
    );
    await jest.advanceTimersByTimeAsync(100);
    expect(failing.runs()).toBe(2);
    expect(other).toBe(2);
  });

  it('at shutdown clears its intervals, starts nothing new and waits for the run in progress', async () => {
    const job = heldJob();
    scheduler.schedule('owner', [{ name: 'slow', intervalMs: 100, run: job.run }]);
    await jest.advanceTimersByTimeAsync(100);
    let stopped = false;
    const stopping = scheduler.beforeApplicationShutdown().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(registry.getIntervals()).toEqual([]);
    expect(stopped).toBe(false);
    job.release();
    await stopping;
    await jest.advanceTimersByTimeAsync(1000);
    expect(job.runs()).toBe(1);
  });

  it('tolerates the schedule module having cleared the intervals first', async () => {
    scheduler.schedule('owner', [{ name: 'job', intervalMs: 100, run: async () => undefined }]);
    registry.deleteInterval('owner:job');
    await expect(scheduler.beforeApplicationShutdown()).resolves.toBeUndefined();
  });
});
