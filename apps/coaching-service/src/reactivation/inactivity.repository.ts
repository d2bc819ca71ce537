import { Injectable } from '@nestjs/common';
import { DEFAULT_ADVOCATE_ROLES } from '@advocacy/contracts';
import { rowMapper } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { ActivityRecord, InactivityPolicy, ShareGoal } from './inactivity.rules';

/** An advocate past their inactivity threshold, with the tenant's policy and their role's goal. */
export interface InactiveAdvocate {
  employeeId: string;
  activity: ActivityRecord;
  policy: InactivityPolicy;
  /** null: no role, or one the tenant does not have */
  goal: ShareGoal | null;
}

export const toInactiveAdvocate = rowMapper(
  'coaching.advocates joined with coaching.settings and coaching.role_goals',
  z.object({
    employee_id: z.string(),
    first_seen_at: z.date(),
    last_share_at: z.date().nullable(),
    nudged_at: z.date().nullable(),
    escalated_at: z.date().nullable(),
    inactivity_days: z.number(),
    escalation_days: z.number(),
    weekly_share_goal: z.number().nullable(),
    goal_period_weeks: z.number().nullable(),
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
    goal:
      row.weekly_share_goal === null || row.goal_period_weeks === null
        ? null
        : { weeklyShareGoal: row.weekly_share_goal, goalPeriodWeeks: row.goal_period_weeks },
  }),
);

const tenantRow = z.object({ tenant_id: z.string() });

/**
 * Advocates with their role's goal (the tenant's roles, or the default roles while it has saved
 * none) and past the threshold that goal sets (`policyFor` in inactivity.rules.ts, in SQL):
 * $1 now, $2 the default inactivity days, $3–$5 the default roles' ids, goals and periods.
 */
const PAST_THRESHOLD = `
    FROM coaching.advocates a
    LEFT JOIN coaching.settings s ON s.tenant_id = a.tenant_id
    LEFT JOIN LATERAL (
      SELECT r.weekly_share_goal, r.goal_period_weeks FROM coaching.role_goals r
       WHERE r.tenant_id = a.tenant_id AND r.role_id = a.role
      UNION ALL
      SELECT d.weekly_share_goal, d.goal_period_weeks
        FROM unnest($3::text[], $4::int[], $5::int[]) AS d(role_id, weekly_share_goal, goal_period_weeks)
       WHERE d.role_id = a.role
         AND NOT EXISTS (SELECT 1 FROM coaching.role_goals x WHERE x.tenant_id = a.tenant_id)
      LIMIT 1
    ) g ON true
   WHERE a.escalated_at IS NULL
     AND a.active
     AND COALESCE(a.last_share_at, a.first_seen_at) <= $1::timestamptz - make_interval(days =>
           CASE WHEN g.weekly_share_goal IS NULL THEN COALESCE(s.inactivity_days, $2)
                WHEN g.weekly_share_goal = 0 THEN NULL
                ELSE g.goal_period_weeks * 7 END)`;

const defaultRoles = () => [
  DEFAULT_ADVOCATE_ROLES.map((role) => role.roleId),
  DEFAULT_ADVOCATE_ROLES.map((role) => role.weeklyShareGoal),
  DEFAULT_ADVOCATE_ROLES.map((role) => role.goalPeriodWeeks),
];

@Injectable()
export class InactivityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Tenants with at least one advocate who was not escalated and is past their inactivity threshold. */
  async tenantsWithInactive(now: Date, defaultDays: number): Promise<string[]> {
    const rows = await this.dataSource.query<unknown[]>(`SELECT DISTINCT a.tenant_id ${PAST_THRESHOLD}`, [
      now,
      defaultDays,
      ...defaultRoles(),
    ]);
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
              COALESCE(s.inactivity_days, $2) AS inactivity_days, COALESCE(s.escalation_days, $7) AS escalation_days,
              g.weekly_share_goal, g.goal_period_weeks
       ${PAST_THRESHOLD}
         AND a.tenant_id = $6
       ORDER BY a.employee_id`,
      [now, defaults.inactivityDays, ...defaultRoles(), tenantId, defaults.escalationDays],
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
