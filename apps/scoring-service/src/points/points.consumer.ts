import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AnyEnvelope, TOPICS } from '@advocacy/contracts';
import { PointsService } from './points.service';

/** One handler per topic; every batch goes through the same transactional scorer. */
@Controller()
export class PointsConsumer {
  constructor(private readonly points: PointsService) {}

  @EventPattern(TOPICS.share.name)
  onShares(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.points.apply(envelopes);
  }

  @EventPattern(TOPICS.click.name)
  onClicks(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.points.apply(envelopes);
  }

  @EventPattern(TOPICS.engagement.name)
  onEngagement(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.points.apply(envelopes);
  }

  @EventPattern(TOPICS.content.name)
  onContent(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.points.apply(envelopes);
  }

  @EventPattern(TOPICS.advocate.name)
  onAdvocates(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.points.apply(envelopes);
  }

  @EventPattern(TOPICS.coaching.name)
  onCoaching(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.points.apply(envelopes);
  }
}
