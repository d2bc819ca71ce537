import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AnyEnvelope, TOPICS } from '@advocacy/contracts';
import { IntakeService } from './intake.service';

/** The service's consumer group reads these topics; each handler applies a batch in one transaction. */
@Controller()
export class IntakeConsumer {
  constructor(private readonly intake: IntakeService) {}

  @EventPattern(TOPICS.badge.name)
  onBadges(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.intake.apply('notification.badges', envelopes);
  }

  @EventPattern(TOPICS.suggestion.name)
  onSuggestions(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.intake.apply('notification.suggestions', envelopes);
  }

  @EventPattern(TOPICS.coaching.name)
  onCoaching(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.intake.apply('notification.coaching', envelopes);
  }

  @EventPattern(TOPICS.points.name)
  onPoints(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.intake.apply('notification.points', envelopes);
  }

  @EventPattern(TOPICS.advocate.name)
  onAdvocates(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.intake.apply('notification.advocates', envelopes);
  }

  /** Shares: the digest offers only content the employee has not shared. */
  @EventPattern(TOPICS.share.name)
  onShares(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.intake.apply('notification.shares', envelopes);
  }

  /** Content: titles and links for the digest, and new campaign content for the webhooks. */
  @EventPattern(TOPICS.content.name)
  onContent(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.intake.apply('notification.content', envelopes);
  }
}
