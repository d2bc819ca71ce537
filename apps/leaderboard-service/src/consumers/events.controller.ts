import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AnyEnvelope, TOPICS } from '@advocacy/contracts';
import { BadgeService } from '../badges/badge.service';
import { BoardService } from '../boards/board.service';

/** One handler per topic; each makes its effect durable (and idempotent) before returning. */
@Controller()
export class EventsController {
  constructor(
    private readonly boards: BoardService,
    private readonly badges: BadgeService,
  ) {}

  @EventPattern(TOPICS.points.name)
  async onPoints(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    await this.boards.applyPoints(envelopes);
    await this.badges.apply(envelopes);
  }

  @EventPattern(TOPICS.share.name)
  onShares(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.badges.apply(envelopes);
  }

  @EventPattern(TOPICS.click.name)
  onClicks(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.badges.apply(envelopes);
  }

  @EventPattern(TOPICS.advocate.name)
  onAdvocates(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.boards.applyProfiles(envelopes);
  }
}
