import { Injectable } from '@nestjs/common';
import { rowMapper } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { ActivityRecord, InactivityPolicy } from './inactivity.rules';

/** An advocate past their tenant's inactivity threshold, with the policy that applies to them. */
export interface InactiveAdvocate {
  employeeId: string;
  activity: ActivityRecord;
  policy: InactivityPolicy;
}

export const toInactiveAdvocate = rowMapper(
  'coaching.advocates joined with coaching.settings',
  z.object({
    employee_id: z.string(),
    first_seen_at: z.date(),
    last_share_at: z.date().nullable(),
    nudged_at: z.date().nullable(),
    escalated_at: z.date().nullable(),
    inactivity_days: z.number(),
    escalation_days: z.number(),
  }),
  (row): InactiveAdvocate => ({
    employeeId: row.employee_id,
    activity: {
      firstSeenAt: row.first_seen_at,
      lastShareAt: row.last_share_at,
      nudgedAt: row.nudged_at,
      escalatedAt: row.escalated_at,
    },
    policy: { inactivityDays: row.inactivity_days, escalationDays: row.escalation_days },
  }),
);

const tenantRow = z.object({ tenant_id: z.string() });

@Injectable()
export class InactivityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Tenants with at least one advocate who was not escalated and is past the inactivity threshold. */
  async tenantsWithInactive(now: Date, defaultDays: number): Promise<string[]> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT DISTINCT a.tenant_id FROM coaching.advocates a
         LEFT JOIN coaching.settings s ON s.tenant_id = a.tenant_id
        WHERE a.escalated_at IS NULL
          AND COALESCE(a.last_share_at, a.first_seen_at)
              <= $1::timestamptz - make_interval(days => COALESCE(s.inactivity_days, $2))`,
      [now, defaultDays],
    );
    return rows.map((row) => tenantRow.parse(row).tenant_id);
  }

  async inactive(
    manager: EntityManager,
    tenantId: string,
    now: Date,
    defaults: InactivityPolicy,
  ): Promise<InactiveAdvocate[]> {
    const rows = await manager.query<unknown[]>(
      `SELECT a.employee_id, a.first_seen_at, a.last_share_at, a.nudged_at, a.escalated_at,
              COALESCE(s.inactivity_days, $3) AS inactivity_days, COALESCE(s.escalation_days, $4) AS escalation_days
         FROM coaching.advocates a LEFT JOIN coaching.settings s ON s.tenant_id = a.tenant_id
        WHERE a.tenant_id = $1 AND a.escalated_at IS NULL
          AND COALESCE(a.last_share_at, a.first_seen_at)
              <= $2::timestamptz - make_interval(days => COALESCE(s.inactivity_days, $3))
        ORDER BY a.employee_id`,
      [tenantId, now, defaults.inactivityDays, defaults.escalationDays],
    );
    return rows.map(toInactiveAdvocate);
  }

  async markNudged(manager: EntityManager, tenantId: string, employeeId: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE coaching.advocates SET nudged_at = $3 WHERE tenant_id = $1 AND employee_id = $2`,
      [tenantId, employeeId, at],
    );
  }

  async markEscalated(manager: EntityManager, tenantId: string, employeeId: string, at: Date): Promise<void> {
    await manager.query(
      `UPDATE coaching.advocates SET escalated_at = $3 WHERE tenant_id = $1 AND employee_id = $2`,
      [tenantId, employeeId, at],
    );
  }
}
