import { Injectable } from '@nestjs/common';
import { EngagementRecordedBody, RecordEngagementBody } from '@advocacy/contracts';
import { OutboxWriter } from '@advocacy/messaging';
import { AuthContext, IdGenerator, notFound } from '@advocacy/platform';
import { DataSource } from 'typeorm';
import { ShareRepository } from '../shares/share.repository';
import { EngagementRepository } from './engagement.repository';
import { engagementDelta } from './engagement.rules';

@Injectable()
export class EngagementService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shares: ShareRepository,
    private readonly observations: EngagementRepository,
    private readonly outbox: OutboxWriter,
    private readonly ids: IdGenerator,
  ) {}

  /**
   * Stores a cumulative observation and emits `engagement.recorded` for its positive delta. The share
   * row is locked, so observations of one share are applied one at a time; a replay (same externalId,
   * or same share, kind and count) is answered with the earlier observation and changes nothing.
   */
  async record(auth: AuthContext, body: RecordEngagementBody): Promise<EngagementRecordedBody> {
    return this.dataSource.transaction(async (manager) => {
      const share = await this.shares.byIdForUpdate(manager, auth.tenantId, body.shareId);
      if (!share) throw notFound('share');
      const earlier = await this.observations.sameObservation(
        manager,
        auth.tenantId,
        share.shareId,
        body.kind,
        body.count,
        body.externalId,
      );
      if (earlier) {
        return {
          observationId: earlier.observationId,
          shareId: earlier.shareId,
          kind: earlier.kind,
          count: earlier.count,
          delta: earlier.delta,
          duplicate: true,
        };
      }
      const delta = engagementDelta(
        await this.observations.highestCount(manager, share.shareId, body.kind),
        body.count,
      );
      const observationId = this.ids.next();
      await this.observations.insert(manager, {
        observationId,
        tenantId: auth.tenantId,
        shareId: share.shareId,
        kind: body.kind,
        count: body.count,
        delta,
        observedAt: body.observedAt,
        externalId: body.externalId ?? null,
      });
      if (delta > 0) {
        await this.outbox.add(manager, {
          type: 'engagement.recorded',
          tenantId: auth.tenantId,
          subject: share.employeeId,
          occurredAt: body.observedAt,
          payload: {
            shareId: share.shareId,
            employeeId: share.employeeId,
            teamId: share.teamId,
            contentId: share.contentId,
            campaignId: share.campaignId,
            network: share.network,
            kind: body.kind,
            count: delta,
            observedAt: body.observedAt,
          },
        });
      }
      return {
        observationId,
        shareId: share.shareId,
        kind: body.kind,
        count: body.count,
        delta,
        duplicate: false,
      };
    });
  }
}
