import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@advocacy/platform';
import { AssignmentService } from '../assignments/assignment.service';
import { ChallengeCloseService } from '../challenges/challenge-close.service';
import { CoachingConfig } from '../config';
import { HeroService } from '../heroes/hero.service';
import { ReactivationService } from './reactivation.service';

/**
 * Runs proposal expiry, the inactivity scan, the HERO rule (a rolling window moves on without any
 * event, so grace and lapse need the timer), the unassigned alert and the close of ended challenges on a timer; tests call them directly.
 */
@Injectable()
export class JobsScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CoachingJobs');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: CoachingConfig,
    private readonly reactivation: ReactivationService,
    private readonly assignments: AssignmentService,
    private readonly heroes: HeroService,
    private readonly challengeCloses: ChallengeCloseService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.COACHING_JOBS_INTERVAL_MS === 0) return;
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.tick().finally(() => (this.running = undefined));
    }, this.config.COACHING_JOBS_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    try {
      await this.assignments.expireProposals();
      await this.reactivation.runInactivityScan();
      await this.heroes.evaluateAll();
      await this.assignments.alertUnassigned();
      await this.challengeCloses.closeDue();
    } catch (error) {
      this.logger.warn(`coaching jobs failed, will retry on the next tick: ${String(error)}`);
    }
  }
}
