import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AnyEnvelope, TOPICS } from '@advocacy/contracts';
import { Inbox } from '@advocacy/messaging';
import { DataSource } from 'typeorm';
import { LinkCache } from '../links/link-cache';
import { ProjectionRepository } from './projection.repository';

const CONSUMER = 'tracking.projections';

/** Keeps the projections this service decides with; one transaction per batch, inbox included. */
@Controller()
export class ProjectionConsumer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: Inbox,
    private readonly projections: ProjectionRepository,
    private readonly links: LinkCache,
  ) {}

  @EventPattern(TOPICS.content.name)
  onContent(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.apply(envelopes);
  }

  @EventPattern(TOPICS.guidelines.name)
  onGuidelines(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.apply(envelopes);
  }

  @EventPattern(TOPICS.advocate.name)
  onAdvocates(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.apply(envelopes);
  }

  @EventPattern(TOPICS.coaching.name)
  onCoaching(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.apply(envelopes);
  }

  private async apply(envelopes: AnyEnvelope[]): Promise<void> {
    const archived: Array<{ tenantId: string; contentId: string }> = [];
    await this.dataSource.transaction(async (manager) => {
      const fresh = await this.inbox.claim(manager, CONSUMER, envelopes);
      for (const envelope of fresh) {
        await this.projections.apply(manager, envelope);
        if (envelope.type === 'content.archived') {
          archived.push({ tenantId: envelope.tenantId, contentId: envelope.payload.contentId });
        }
      }
    });
    // after the commit: a cached link of archived content would redirect until its entry expires
    for (const { tenantId, contentId } of archived) await this.links.forgetContent(tenantId, contentId);
  }
}
