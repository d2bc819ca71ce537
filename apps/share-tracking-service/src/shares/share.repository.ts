import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface ShareRow {
  share_id: string;
  tenant_id: string;
  employee_id: string;
  team_id: string | null;
  content_id: string;
  campaign_id: string | null;
  network: string;
  text: string;
  link_code: string;
  verdict: string;
  status: string;
  created_at: Date;
}

@Injectable()
export class ShareRepository {
  async insert(manager: EntityManager, share: Omit<ShareRow, 'status' | 'created_at'>): Promise<ShareRow> {
    const [row] = await manager.query<ShareRow[]>(
      `INSERT INTO tracking.shares (share_id, tenant_id, employee_id, team_id, content_id, campaign_id, network, text, link_code, verdict)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [
        share.share_id,
        share.tenant_id,
        share.employee_id,
        share.team_id,
        share.content_id,
        share.campaign_id,
        share.network,
        share.text,
        share.link_code,
        share.verdict,
      ],
    );
    return row;
  }
}
