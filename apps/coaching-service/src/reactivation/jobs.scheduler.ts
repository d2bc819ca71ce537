import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '@advocacy/platform';
import { JobScheduler } from '@advocacy/service-kit';
import { AssignmentService } from '../assignments/assignment.service';
import { ChallengeCloseService } from '../challenges/challenge-close.service';
import { CoachingConfig } from '../config';
import { HeroService } from '../heroes/hero.service';
import { ReactivationService } from './reactivation.service';

/**
 * Runs proposal expiry, the inactivity scan, the HERO rule (a rolling window moves on without any
 * event, so grace and lapse need the timer), the unassigned alert and the close of ended challenges
 * every `COACHING_JOBS_INTERVAL_MS` (0 turns them off; tests call them directly). One job, in this
 * order: expired proposals are re-matched before the scan looks for people without a coach.
 */
@Injectable()
export class JobsScheduler implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: CoachingConfig,
    private readonly reactivation: ReactivationService,
    private readonly assignments: AssignmentService,
    private readonly heroes: HeroService,
    private readonly challengeCloses: ChallengeCloseService,
    private readonly scheduler: JobScheduler,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduler.schedule('coaching', [
      { name: 'programme', intervalMs: this.config.COACHING_JOBS_INTERVAL_MS, run: () => this.tick() },
    ]);
  }

  private async tick(): Promise<void> {
    await this.assignments.expireProposals();
    await this.reactivation.runInactivityScan();
    await this.heroes.evaluateAll();
    await this.assignments.alertUnassigned();
    await this.challengeCloses.closeDue();
  }
}
