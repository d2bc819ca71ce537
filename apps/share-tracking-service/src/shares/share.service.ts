import { Inject, Injectable } from '@nestjs/common';
import { CreateShareBody } from '@advocacy/contracts';
import { OutboxWriter } from '@advocacy/messaging';
import { APP_CONFIG, AuthContext, IdGenerator } from '@advocacy/platform';
import { DataSource } from 'typeorm';
import { ShareTrackingConfig } from '../config';
import { generateLinkCode } from './link-code';
import { ShareRepository } from './share.repository';

export interface ShareCreated {
  shareId: string;
  linkCode: string;
  trackedUrl: string;
}

@Injectable()
export class ShareService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly shares: ShareRepository,
    private readonly outbox: OutboxWriter,
    private readonly ids: IdGenerator,
    @Inject(APP_CONFIG) private readonly config: ShareTrackingConfig,
  ) {}

  /** Records a share and its `share.recorded` event in one transaction. */
  async create(auth: AuthContext, body: CreateShareBody): Promise<ShareCreated> {
    return this.dataSource.transaction(async (manager) => {
      const share = await this.shares.insert(manager, {
        share_id: this.ids.next(),
        tenant_id: auth.tenantId,
        employee_id: auth.employeeId,
        team_id: auth.teamId ?? null,
        content_id: body.contentId,
        campaign_id: null,
        network: body.network,
        text: body.text,
        link_code: generateLinkCode(),
        verdict: 'safe',
      });
      await this.outbox.add(manager, {
        type: 'share.recorded',
        tenantId: auth.tenantId,
        subject: auth.employeeId,
        payload: {
          shareId: share.share_id,
          employeeId: share.employee_id,
          teamId: share.team_id,
          contentId: share.content_id,
          campaignId: share.campaign_id,
          network: body.network,
          linkCode: share.link_code,
          verdict: 'safe',
        },
      });
      return {
        shareId: share.share_id,
        linkCode: share.link_code,
        trackedUrl: `${this.config.PUBLIC_BASE_URL.replace(/\/$/, '')}/l/${share.link_code}`,
      };
    });
  }
}
