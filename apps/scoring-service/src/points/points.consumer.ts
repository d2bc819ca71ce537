import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AnyEnvelope, TOPICS } from '@advocacy/contracts';
import { joined } from '@advocacy/messaging';
import { PointsService } from './points.service';

/** The topics points come from, or the facts their rules need (content, advocates, coaching). */
const SCORED = [
  TOPICS.share.name,
  TOPICS.click.name,
  TOPICS.engagement.name,
  TOPICS.content.name,
  TOPICS.advocate.name,
  TOPICS.coaching.name,
];

/**
 * One handler for every topic it scores, joined: a fetch's batches of all of them are one call and
 * so one transaction. Apart, the calls of one fetch locked the same advocates and waited for each
 * other's commits.
 */
@Controller()
export class PointsConsumer {
  constructor(private readonly points: PointsService) {}

  @EventPattern(SCORED, joined('scoring'))
  onEvents(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.points.apply(envelopes);
  }
}
