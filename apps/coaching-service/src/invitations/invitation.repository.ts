import { Injectable } from '@nestjs/common';
import { pgCount, rowMapper } from '@advocacy/platform';
import { EntityManager } from 'typeorm';
import { z } from 'zod';

export interface Invitation {
  tenantId: string;
  inviterId: string;
  inviteeId: string;
  code: string;
  invitedAt: Date;
  acceptedAt: Date | null;
  firstShareAt: Date | null;
  firstShareId: string | null;
  creditEventId: string | null;
  creditedAt: Date | null;
}

/** An invitation with what the admin read needs besides: the invitee's shares in week 4. */
export interface InvitationProgress extends Invitation {
  week4Shares: number;
}

const invitationRow = z.object({
  tenant_id: z.string(),
  inviter_id: z.string(),
  invitee_id: z.string(),
  code: z.string(),
  invited_at: z.date(),
  accepted_at: z.date().nullable(),
  first_share_at: z.date().nullable(),
  first_share_id: z.string().nullable(),
  credit_event_id: z.string().nullable(),
  credited_at: z.date().nullable(),
});

const invitationOf = (row: z.output<typeof invitationRow>): Invitation => ({
  tenantId: row.tenant_id,
  inviterId: row.inviter_id,
  inviteeId: row.invitee_id,
  code: row.code,
  invitedAt: row.invited_at,
  acceptedAt: row.accepted_at,
  firstShareAt: row.first_share_at,
  firstShareId: row.first_share_id,
  creditEventId: row.credit_event_id,
  creditedAt: row.credited_at,
});

export const toInvitation = rowMapper('coaching.invitations', invitationRow, invitationOf);

export const toInvitationProgress = rowMapper(
  'coaching.invitations joined with coaching.activity_daily',
  invitationRow.extend({ week4_shares: pgCount }),
  (row): InvitationProgress => ({ ...invitationOf(row), week4Shares: row.week4_shares }),
);

const lastShareRow = z.object({ last_share_at: z.date().nullable(), display_name: z.string().nullable() });

@Injectable()
export class InvitationRepository {
  /** Locks the invitee's invitation (if any) until the transaction ends (see `byCode`). */
  async forInvitee(manager: EntityManager, tenantId: string, inviteeId: string): Promise<Invitation | null> {
    const rows = await manager.query<unknown[]>(
      `SELECT * FROM coaching.invitations WHERE tenant_id = $1 AND invitee_id = $2 FOR UPDATE`,
      [tenantId, inviteeId],
    );
    return rows[0] ? toInvitation(rows[0]) : null;
  }

  /** Which of these advocates are invitees still waiting for their first share (tenant NUL invitee). */
  async awaitingFirstShare(
    manager: EntityManager,
    advocates: readonly { tenantId: string; employeeId: string }[],
  ): Promise<Set<string>> {
    if (advocates.length === 0) return new Set();
    const rows = await manager.query<{ tenant_id: string; invitee_id: string }[]>(
      `SELECT i.tenant_id, i.invitee_id FROM unnest($1::text[], $2::text[]) AS a(tenant_id, employee_id)
       JOIN coaching.invitations i ON i.tenant_id = a.tenant_id AND i.invitee_id = a.employee_id
       WHERE i.first_share_at IS NULL`,
      [advocates.map((a) => a.tenantId), advocates.map((a) => a.employeeId)],
    );
    return new Set(rows.map((row) => `${row.tenant_id}\u0000${row.invitee_id}`));
  }

  /** `lock`: held until the transaction ends, so an acceptance and a first share never both credit. */
  async byCode(
    manager: EntityManager,
    tenantId: string,
    code: string,
    options: { lock: boolean },
  ): Promise<Invitation | null> {
    const rows = await manager.query<unknown[]>(
      `SELECT * FROM coaching.invitations WHERE tenant_id = $1 AND code = $2${options.lock ? ' FOR UPDATE' : ''}`,
      [tenantId, code],
    );
    return rows[0] ? toInvitation(rows[0]) : null;
  }

  /** What the projection knows of an advocate: their last share and display name. */
  async advocate(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
  ): Promise<{ lastShareAt: Date | null; displayName: string | null }> {
    const rows = await manager.query<unknown[]>(
      `SELECT last_share_at, display_name FROM coaching.advocates WHERE tenant_id = $1 AND employee_id = $2`,
      [tenantId, employeeId],
    );
    if (!rows[0]) return { lastShareAt: null, displayName: null };
    const row = lastShareRow.parse(rows[0]);
    return { lastShareAt: row.last_share_at, displayName: row.display_name };
  }

  /** Inserts unless the invitee has one already (a concurrent invite): true when this one was stored. */
  async insert(
    manager: EntityManager,
    invitation: Pick<Invitation, 'tenantId' | 'inviterId' | 'inviteeId' | 'code' | 'invitedAt'>,
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO coaching.invitations (tenant_id, invitee_id, inviter_id, code, invited_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, invitee_id) DO NOTHING RETURNING invitee_id`,
      [
        invitation.tenantId,
        invitation.inviteeId,
        invitation.inviterId,
        invitation.code,
        invitation.invitedAt,
      ],
    );
    return rows.length === 1;
  }

  async markAccepted(manager: EntityManager, tenantId: string, inviteeId: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE coaching.invitations SET accepted_at = $3 WHERE tenant_id = $1 AND invitee_id = $2`,
      [tenantId, inviteeId, at],
    );
  }

  /** The invitee's first share is written once; later shares (and a withdrawal) leave it alone. */
  async markFirstShare(
    manager: EntityManager,
    tenantId: string,
    inviteeId: string,
    share: { at: Date; shareId: string },
  ): Promise<void> {
    await manager.query(
      `UPDATE coaching.invitations SET first_share_at = $3, first_share_id = $4
        WHERE tenant_id = $1 AND invitee_id = $2 AND first_share_at IS NULL`,
      [tenantId, inviteeId, share.at, share.shareId],
    );
  }

  async markCreditIssued(
    manager: EntityManager,
    tenantId: string,
    inviteeId: string,
    eventId: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE coaching.invitations SET credit_event_id = $3
        WHERE tenant_id = $1 AND invitee_id = $2 AND credit_event_id IS NULL`,
      [tenantId, inviteeId, eventId],
    );
  }

  /** Scoring's ledger entry for a credit arrived (`points.awarded` with the credit as its source). */
  async markCredited(
    manager: EntityManager,
    tenantId: string,
    creditEventId: string,
    at: Date,
  ): Promise<void> {
    await manager.query(
      `UPDATE coaching.invitations SET credited_at = COALESCE(credited_at, $3)
        WHERE tenant_id = $1 AND credit_event_id = $2`,
      [tenantId, creditEventId, at],
    );
  }

  /** Every invitation of the tenant, oldest first, with the invitee's shares in week 4 after accepting. */
  async progress(manager: EntityManager, tenantId: string): Promise<InvitationProgress[]> {
    const rows = await manager.query<unknown[]>(
      `SELECT i.*, COALESCE((
                SELECT sum(d.shares) FROM coaching.activity_daily d
                 WHERE d.tenant_id = i.tenant_id AND d.employee_id = i.invitee_id
                   AND d.day >= (i.accepted_at AT TIME ZONE 'UTC')::date + 21
                   AND d.day < (i.accepted_at AT TIME ZONE 'UTC')::date + 28), 0) AS week4_shares
         FROM coaching.invitations i
        WHERE i.tenant_id = $1
        ORDER BY i.invited_at, i.invitee_id`,
      [tenantId],
    );
    return rows.map(toInvitationProgress);
  }
}
