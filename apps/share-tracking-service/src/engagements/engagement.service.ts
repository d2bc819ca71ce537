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
        share.share_id,
        body.kind,
        body.count,
        body.externalId,
      );
      if (earlier) {
        return {
          observationId: earlier.observation_id,
          shareId: earlier.share_id,
          kind: earlier.kind,
          count: earlier.count,
          delta: earlier.delta,
          duplicate: true,
        };
      }
      const delta = engagementDelta(
        await this.observations.highestCount(manager, share.share_id, body.kind),
        body.count,
      );
      const observationId = this.ids.next();
      await this.observations.insert(manager, {
        observation_id: observationId,
        tenant_id: auth.tenantId,
        share_id: share.share_id,
        kind: body.kind,
        count: body.count,
        delta,
        observed_at: body.observedAt,
        external_id: body.externalId ?? null,
      });
      if (delta > 0) {
        await this.outbox.add(manager, {
          type: 'engagement.recorded',
          tenantId: auth.tenantId,
          subject: share.employee_id,
          occurredAt: body.observedAt,
          payload: {
            shareId: share.share_id,
            employeeId: share.employee_id,
            teamId: share.team_id,
            contentId: share.content_id,
            campaignId: share.campaign_id,
            network: share.network,
            kind: body.kind,
            count: delta,
            observedAt: body.observedAt,
          },
        });
      }
      return {
        observationId,
        shareId: share.share_id,
        kind: body.kind,
        count: body.count,
        delta,
        duplicate: false,
      };
    });
  }
}
