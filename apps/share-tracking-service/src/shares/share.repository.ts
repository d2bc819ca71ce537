import { Injectable } from '@nestjs/common';
import { Network } from '@advocacy/contracts';
import { rowMapper } from '@advocacy/platform';
import { EntityManager } from 'typeorm';
import { z } from 'zod';

export interface StoredFinding {
  rule: string;
  severity: 'warning' | 'blocked';
  message: string;
  start: number;
  end: number;
}

export interface Share {
  shareId: string;
  tenantId: string;
  employeeId: string;
  teamId: string | null;
  contentId: string;
  campaignId: string | null;
  network: Network;
  text: string;
  linkCode: string;
  verdict: 'safe' | 'warning';
  status: 'active' | 'withdrawn';
  createdAt: Date;
  withdrawnAt: Date | null;
  withdrawnBy: string | null;
  idempotencyKey: string | null;
  findings: StoredFinding[];
}

export type NewShare = Omit<Share, 'status' | 'withdrawnAt' | 'withdrawnBy'>;

const storedFinding = z.object({
  rule: z.string(),
  severity: z.enum(['warning', 'blocked']),
  message: z.string(),
  start: z.number(),
  end: z.number(),
});

export const toShare = rowMapper(
  'tracking.shares',
  z.object({
    share_id: z.string(),
    tenant_id: z.string(),
    employee_id: z.string(),
    team_id: z.string().nullable(),
    content_id: z.string(),
    campaign_id: z.string().nullable(),
    network: Network,
    text: z.string(),
    link_code: z.string(),
    verdict: z.enum(['safe', 'warning']),
    status: z.enum(['active', 'withdrawn']),
    created_at: z.date(),
    withdrawn_at: z.date().nullable(),
    withdrawn_by: z.string().nullable(),
    idempotency_key: z.string().nullable(),
    findings: z.array(storedFinding),
  }),
  (row): Share => ({
    shareId: row.share_id,
    tenantId: row.tenant_id,
    employeeId: row.employee_id,
    teamId: row.team_id,
    contentId: row.content_id,
    campaignId: row.campaign_id,
    network: row.network,
    text: row.text,
    linkCode: row.link_code,
    verdict: row.verdict,
    status: row.status,
    createdAt: row.created_at,
    withdrawnAt: row.withdrawn_at,
    withdrawnBy: row.withdrawn_by,
    idempotencyKey: row.idempotency_key,
    findings: row.findings,
  }),
);

@Injectable()
export class ShareRepository {
  /** Inserts the share; returns null when the idempotency key was used before by this employee. */
  async insert(manager: EntityManager, share: NewShare): Promise<Share | null> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO tracking.shares (share_id, tenant_id, employee_id, team_id, content_id, campaign_id, network, text,
                                    link_code, verdict, created_at, idempotency_key, findings)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)
       ON CONFLICT (tenant_id, employee_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING *`,
      [
        share.shareId,
        share.tenantId,
        share.employeeId,
        share.teamId,
        share.contentId,
        share.campaignId,
        share.network,
        share.text,
        share.linkCode,
        share.verdict,
        share.createdAt,
        share.idempotencyKey,
        JSON.stringify(share.findings),
      ],
    );
    return rows.length > 0 ? toShare(rows[0]) : null;
  }

  async byIdempotencyKey(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    key: string,
  ): Promise<Share | null> {
    const rows = await manager.query<unknown[]>(
      'SELECT * FROM tracking.shares WHERE tenant_id = $1 AND employee_id = $2 AND idempotency_key = $3',
      [tenantId, employeeId, key],
    );
    return rows.length > 0 ? toShare(rows[0]) : null;
  }

  async byIdForUpdate(manager: EntityManager, tenantId: string, shareId: string): Promise<Share | null> {
    const rows = await manager.query<unknown[]>(
      'SELECT * FROM tracking.shares WHERE tenant_id = $1 AND share_id = $2 FOR UPDATE',
      [tenantId, shareId],
    );
    return rows.length > 0 ? toShare(rows[0]) : null;
  }

  async withdraw(manager: EntityManager, shareId: string, by: string, at: Date): Promise<Share> {
    const [rows] = await manager.query<[unknown[], number]>(
      `UPDATE tracking.shares SET status = 'withdrawn', withdrawn_at = $2, withdrawn_by = $3
       WHERE share_id = $1 RETURNING *`,
      [shareId, at, by],
    );
    return toShare(rows[0]);
  }
}
