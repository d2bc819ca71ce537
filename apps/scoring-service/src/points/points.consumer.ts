import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AnyEnvelope, TOPICS } from '@advocacy/contracts';
import { PointsService } from './points.service';

@Controller()
export class PointsConsumer {
  constructor(private readonly points: PointsService) {}

  @EventPattern(TOPICS.share.name)
  onShares(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.points.apply(envelopes);
  }
}
