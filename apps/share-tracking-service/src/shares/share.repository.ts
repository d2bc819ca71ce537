import { Injectable } from '@nestjs/common';
import { Network } from '@advocacy/contracts';
import { EntityManager } from 'typeorm';

export interface StoredFinding {
  rule: string;
  severity: 'warning' | 'blocked';
  message: string;
  start: number;
  end: number;
}

export interface ShareRow {
  share_id: string;
  tenant_id: string;
  employee_id: string;
  team_id: string | null;
  content_id: string;
  campaign_id: string | null;
  network: Network;
  text: string;
  link_code: string;
  verdict: 'safe' | 'warning';
  status: 'active' | 'withdrawn';
  created_at: Date;
  withdrawn_at: Date | null;
  withdrawn_by: string | null;
  idempotency_key: string | null;
  findings: StoredFinding[];
}

export type NewShare = Omit<ShareRow, 'status' | 'withdrawn_at' | 'withdrawn_by'>;

@Injectable()
export class ShareRepository {
  /** Inserts the share; returns null when the idempotency key was used before by this employee. */
  async insert(manager: EntityManager, share: NewShare): Promise<ShareRow | null> {
    const rows = await manager.query<ShareRow[]>(
      `INSERT INTO tracking.shares (share_id, tenant_id, employee_id, team_id, content_id, campaign_id, network, text,
                                    link_code, verdict, created_at, idempotency_key, findings)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)
       ON CONFLICT (tenant_id, employee_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
       RETURNING *`,
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
        share.created_at,
        share.idempotency_key,
        JSON.stringify(share.findings),
      ],
    );
    return rows[0] ?? null;
  }

  async byIdempotencyKey(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    key: string,
  ): Promise<ShareRow | null> {
    const [row] = await manager.query<ShareRow[]>(
      'SELECT * FROM tracking.shares WHERE tenant_id = $1 AND employee_id = $2 AND idempotency_key = $3',
      [tenantId, employeeId, key],
    );
    return row ?? null;
  }

  async byIdForUpdate(manager: EntityManager, tenantId: string, shareId: string): Promise<ShareRow | null> {
    const [row] = await manager.query<ShareRow[]>(
      'SELECT * FROM tracking.shares WHERE tenant_id = $1 AND share_id = $2 FOR UPDATE',
      [tenantId, shareId],
    );
    return row ?? null;
  }

  async withdraw(manager: EntityManager, shareId: string, by: string, at: Date): Promise<ShareRow> {
    const [rows] = await manager.query<[ShareRow[], number]>(
      `UPDATE tracking.shares SET status = 'withdrawn', withdrawn_at = $2, withdrawn_by = $3
       WHERE share_id = $1 RETURNING *`,
      [shareId, at, by],
    );
    return rows[0];
  }
}
