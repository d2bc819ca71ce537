import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AnyEnvelope, TOPICS } from '@advocacy/contracts';
import type { BatchContext } from '@advocacy/messaging';
import { BadgeService } from '../badges/badge.service';
import { ChallengeBadges } from '../badges/challenge-badges';
import { HeroProjection } from '../badges/hero.projection';
import { BoardService } from '../boards/board.service';

/** The batch's heartbeat, when the transport gave one (it does; direct calls may not). */
const heartbeatOf = (context?: BatchContext) => context?.heartbeat ?? (async () => undefined);

/** One handler per topic; each makes its effect durable (and idempotent) before returning. */
@Controller()
export class EventsController {
  constructor(
    private readonly boards: BoardService,
    private readonly badges: BadgeService,
    private readonly heroes: HeroProjection,
    private readonly challenges: ChallengeBadges,
  ) {}

  @EventPattern(TOPICS.points.name)
  async onPoints(@Payload() envelopes: AnyEnvelope[], @Ctx() context?: BatchContext): Promise<void> {
    await this.boards.applyPoints(envelopes, heartbeatOf(context));
    await this.badges.apply(envelopes, heartbeatOf(context));
  }

  @EventPattern(TOPICS.share.name)
  onShares(@Payload() envelopes: AnyEnvelope[], @Ctx() context?: BatchContext): Promise<void> {
    return this.badges.apply(envelopes, heartbeatOf(context));
  }

  @EventPattern(TOPICS.click.name)
  onClicks(@Payload() envelopes: AnyEnvelope[], @Ctx() context?: BatchContext): Promise<void> {
    return this.badges.apply(envelopes, heartbeatOf(context));
  }

  @EventPattern(TOPICS.badge.name)
  onBadges(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.heroes.apply(envelopes);
  }

  @EventPattern(TOPICS.coaching.name)
  onCoaching(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.challenges.apply(envelopes);
  }

  @EventPattern(TOPICS.advocate.name)
  onAdvocates(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.boards.applyProfiles(envelopes);
  }
}
