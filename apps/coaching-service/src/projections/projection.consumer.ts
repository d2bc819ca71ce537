import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AnyEnvelope, TOPICS } from '@advocacy/contracts';
import { ProjectionService } from './projection.service';

@Controller()
export class ProjectionConsumer {
  constructor(private readonly projections: ProjectionService) {}

  @EventPattern(TOPICS.advocate.name)
  onAdvocates(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.projections.apply('coaching.advocates', envelopes);
  }

  @EventPattern(TOPICS.share.name)
  onShares(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.projections.apply('coaching.shares', envelopes);
  }

  @EventPattern(TOPICS.click.name)
  onClicks(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.projections.apply('coaching.clicks', envelopes);
  }

  @EventPattern(TOPICS.points.name)
  onPoints(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.projections.apply('coaching.points', envelopes);
  }
}
