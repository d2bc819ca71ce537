import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AnyEnvelope, TOPICS } from '@advocacy/contracts';
import { BatchContext, inGroup } from '@advocacy/messaging';
import { BadgeService } from '../badges/badge.service';
import { ChallengeBadges } from '../badges/challenge-badges';
import { HeroProjection } from '../badges/hero.projection';
import { BoardService } from '../boards/board.service';

/** The batch's heartbeat, when the transport gave one (it does; direct calls may not). */
const heartbeatOf = (context?: BatchContext) => context?.heartbeat ?? (async () => undefined);

/**
 * The board's consumer group takes points and profiles only, so its fetches wait for nothing but the
 * board scripts. Badges, HERO flags and challenge badges run in a consumer group of their own
 * (`leaderboard-service-badges`), lingering for larger batches: their Postgres transactions used to
 * sit on the board's path (the points handler ran them after the board, and the fetch waited).
 * Each handler makes its effect durable (and idempotent) before returning.
 */
@Controller()
export class EventsController {
  constructor(private readonly boards: BoardService) {}

  @EventPattern(TOPICS.points.name)
  onPoints(@Payload() envelopes: AnyEnvelope[], @Ctx() context?: BatchContext): Promise<void> {
    return this.boards.applyPoints(envelopes, heartbeatOf(context));
  }

  @EventPattern(TOPICS.advocate.name)
  onAdvocates(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.boards.applyProfiles(envelopes);
  }
}

/** The badges group: a badge may come a quarter second later than the points that earned it. */
const BADGES = inGroup('badges', { lingerMs: 250 });

@Controller()
export class BadgeEventsController {
  constructor(
    private readonly badges: BadgeService,
    private readonly heroes: HeroProjection,
    private readonly challenges: ChallengeBadges,
  ) {}

  @EventPattern(TOPICS.points.name, BADGES)
  onPoints(@Payload() envelopes: AnyEnvelope[], @Ctx() context?: BatchContext): Promise<void> {
    return this.badges.apply(envelopes, heartbeatOf(context));
  }

  @EventPattern(TOPICS.share.name, BADGES)
  onShares(@Payload() envelopes: AnyEnvelope[], @Ctx() context?: BatchContext): Promise<void> {
    return this.badges.apply(envelopes, heartbeatOf(context));
  }

  @EventPattern(TOPICS.click.name, BADGES)
  onClicks(@Payload() envelopes: AnyEnvelope[], @Ctx() context?: BatchContext): Promise<void> {
    return this.badges.apply(envelopes, heartbeatOf(context));
  }

  @EventPattern(TOPICS.badge.name, BADGES)
  onBadges(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.heroes.apply(envelopes);
  }

  @EventPattern(TOPICS.coaching.name, BADGES)
  onCoaching(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.challenges.apply(envelopes);
  }
}
