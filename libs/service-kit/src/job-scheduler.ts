import { BeforeApplicationShutdown, Global, Injectable, Logger, Module } from '@nestjs/common';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';

/** A repeating job of a service. */
export interface ScheduledJob {
  /** Unique within the owner; the registry lists it as `<owner>:<name>`. */
  name: string;
  /** Milliseconds between runs; 0 turns the job off (tests call the work directly). */
  intervalMs: number;
  /** Runs once right at start-up too, instead of waiting one interval. */
  runAtStart?: boolean;
  run: () => Promise<unknown>;
}

/**
 * Puts a service's repeating jobs into @nestjs/schedule's registry, where they are listed by name and
 * cleared by the schedule module at shutdown. The intervals are configured per deployment, so they are
 * registered here rather than with `@Interval` decorators. What this adds to the library: a run never
 * overlaps the previous run of the same job, a failure is logged and the job tries again on its next
 * tick, and shutdown waits for the runs in progress before the database and Redis close. Every job is
 * safe on many replicas by itself (row claims, unique rows or a Redis lock), so every replica runs them.
 */
@Injectable()
export class JobScheduler implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly running = new Map<string, Promise<void>>();
  private readonly names: string[] = [];
  private stopped = false;

  constructor(private readonly registry: SchedulerRegistry) {}

  /** Registers the owner's jobs; those with interval 0 are skipped. */
  schedule(owner: string, jobs: ScheduledJob[]): void {
    for (const job of jobs) {
      if (job.intervalMs === 0) continue;
      const name = `${owner}:${job.name}`;
      const timer = setInterval(() => this.tick(name, job), job.intervalMs);
      timer.unref();
      this.registry.addInterval(name, timer);
      this.names.push(name);
      if (job.runAtStart) this.tick(name, job);
    }
  }

  /** The jobs in progress now (for tests and diagnostics). */
  inProgress(): string[] {
    return [...this.running.keys()];
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const name of this.names) {
      if (this.registry.doesExist('interval', name)) this.registry.deleteInterval(name);
    }
    await Promise.allSettled(this.running.values());
  }

  private tick(name: string, job: ScheduledJob): void {
    if (this.stopped || this.running.has(name)) return;
    const run = Promise.resolve()
      .then(() => job.run())
      .then(
        () => undefined,
        (error: unknown) => {
          const err = error instanceof Error ? error : new Error(String(error));
          this.logger.warn({ job: name, err }, `${name} failed, will retry on the next tick: ${err.message}`);
        },
      )
      .finally(() => this.running.delete(name));
    this.running.set(name, run);
  }
}

/** The schedule module and the job scheduler, for every module of a service. */
@Global()
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [JobScheduler],
  exports: [JobScheduler],
})
export class JobsModule {}
