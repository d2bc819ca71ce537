import { Injectable } from '@nestjs/common';
import { RoleGoal } from '@advocacy/contracts';
import { mergeBy } from '@advocacy/platform';
import { EntityManager } from 'typeorm';

export interface ProfileUpdate {
  tenantId: string;
  employeeId: string;
  displayName: string;
  teamId: string | null;
  language: string;
  topics: string[];
  role: string | null;
  at: string;
}

/** An advocate an event names, with the event's time. */
export interface AdvocateSeen {
  tenantId: string;
  employeeId: string;
  teamId: string | null;
  at: string;
}

export interface WeeklyPoints {
  tenantId: string;
  employeeId: string;
  week: string;
  points: number;
}

const advocateKey = (advocate: { tenantId: string; employeeId: string }) =>
  `${advocate.tenantId}\u0000${advocate.employeeId}`;

/** One row per advocate (merged in the events' order), sorted by key. */
function perAdvocate(
  items: readonly AdvocateSeen[],
  merge: (known: AdvocateSeen, next: AdvocateSeen) => AdvocateSeen,
): AdvocateSeen[] {
  const merged = mergeBy(items, advocateKey, merge);
  return inKeyOrder(new Map(merged.map((row) => [advocateKey(row), row])));
}

/** A map's values sorted by key: rows upserted in this order lock in the same order in every batch. */
function inKeyOrder<T>(rows: ReadonlyMap<string, T>): T[] {
  return [...rows.keys()].sort().map((key) => rows.get(key) as T);
}

const columns = (rows: readonly AdvocateSeen[]) => [
  rows.map((row) => row.tenantId),
  rows.map((row) => row.employeeId),
  rows.map((row) => row.teamId),
  rows.map((row) => row.at),
];

@Injectable()
export class ProjectionRepository {
  async upsertProfile(manager: EntityManager, profile: ProfileUpdate): Promise<void> {
    await manager.query(
      `INSERT INTO coaching.advocates (tenant_id, employee_id, display_name, team_id, language, topics, first_seen_at, role)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (tenant_id, employee_id) DO UPDATE
         SET display_name = $3, team_id = $4, language = $5, topics = $6, role = $8,
             first_seen_at = LEAST(coaching.advocates.first_seen_at, $7)`,
      [
        profile.tenantId,
        profile.employeeId,
        profile.displayName,
        profile.teamId,
        profile.language,
        profile.topics,
        profile.at,
        profile.role,
      ],
    );
  }

  /**
   * Shares end the current inactivity spell unless older than the nudge (a late delivery). One
   * statement for a batch: per advocate the first share's time (first seen), the latest share and
   * the first team named, which is what one statement per share in order left behind. Rows go in key order, so two batches lock the
   * same advocates in the same order.
   */
  async recordShares(manager: EntityManager, shares: readonly AdvocateSeen[]): Promise<void> {
    const latest = new Map<string, string>();
    for (const share of shares) {
      const key = advocateKey(share);
      const known = latest.get(key);
      if (known === undefined || Date.parse(share.at) > Date.parse(known)) latest.set(key, share.at);
    }
    const rows = perAdvocate(shares, (known, share) => ({ ...known, teamId: known.teamId ?? share.teamId }));
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO coaching.advocates (tenant_id, employee_id, team_id, first_seen_at, last_share_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[])
       ON CONFLICT (tenant_id, employee_id) DO UPDATE
         SET last_share_at = GREATEST(coaching.advocates.last_share_at, EXCLUDED.last_share_at),
             team_id = COALESCE(coaching.advocates.team_id, EXCLUDED.team_id),
             nudged_at = CASE WHEN EXCLUDED.last_share_at > coaching.advocates.nudged_at THEN NULL ELSE coaching.advocates.nudged_at END,
             escalated_at = CASE WHEN EXCLUDED.last_share_at > coaching.advocates.nudged_at THEN NULL ELSE coaching.advocates.escalated_at END`,
      [...columns(rows), rows.map((row) => latest.get(advocateKey(row)))],
    );
  }

  /** Weekly points per advocate, a batch's entries summed per advocate and week first. */
  async addPoints(manager: EntityManager, entries: readonly WeeklyPoints[]): Promise<void> {
    const keyOf = (entry: WeeklyPoints) => `${entry.tenantId}\u0000${entry.employeeId}\u0000${entry.week}`;
    const summed = mergeBy(entries, keyOf, (kept, next) => ({ ...kept, points: kept.points + next.points }));
    const rows = inKeyOrder(new Map(summed.map((row) => [keyOf(row), row])));
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO coaching.points_weekly (tenant_id, employee_id, week, points)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])
       ON CONFLICT (tenant_id, employee_id, week) DO UPDATE SET points = coaching.points_weekly.points + EXCLUDED.points`,
      [
        rows.map((row) => row.tenantId),
        rows.map((row) => row.employeeId),
        rows.map((row) => row.week),
        rows.map((row) => row.points),
      ],
    );
  }

  /**
   * The directory's word on whether the advocate is still there; true when this changed it (or the
   * advocate is new), so the caller acts on a deactivation once however often it is delivered.
   */
  async setActive(
    manager: EntityManager,
    advocate: { tenantId: string; employeeId: string; active: boolean; at: string },
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO coaching.advocates (tenant_id, employee_id, first_seen_at, active) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, employee_id) DO UPDATE SET active = $4
        WHERE coaching.advocates.active IS DISTINCT FROM $4
       RETURNING 1`,
      [advocate.tenantId, advocate.employeeId, advocate.at, advocate.active],
    );
    return rows.length > 0;
  }

  /**
   * Points can arrive before the profile or the share: the advocates points name exist from their
   * first event (first seen at the first of them, the first team named).
   */
  async ensureAdvocates(manager: EntityManager, advocates: readonly AdvocateSeen[]): Promise<void> {
    const rows = perAdvocate(advocates, (known, advocate) => ({
      ...known,
      teamId: known.teamId ?? advocate.teamId,
    }));
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO coaching.advocates (tenant_id, employee_id, team_id, first_seen_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
       ON CONFLICT (tenant_id, employee_id) DO UPDATE
         SET team_id = COALESCE(coaching.advocates.team_id, EXCLUDED.team_id)`,
      columns(rows),
    );
  }

  /** Replaces the tenant's role goals (content owns the roles) unless a newer set is stored. */
  async replaceRoleGoals(
    manager: EntityManager,
    tenantId: string,
    roles: readonly RoleGoal[],
    updatedAt: string,
  ): Promise<void> {
    const newer = await manager.query<unknown[]>(
      `SELECT 1 FROM coaching.role_goals WHERE tenant_id = $1 AND updated_at > $2 LIMIT 1`,
      [tenantId, updatedAt],
    );
    if (newer.length > 0) return;
    await manager.query(`DELETE FROM coaching.role_goals WHERE tenant_id = $1`, [tenantId]);
    await manager.query(
      `INSERT INTO coaching.role_goals (tenant_id, role_id, weekly_share_goal, goal_period_weeks, updated_at)
       SELECT $1, role_id, weekly_share_goal, goal_period_weeks, $5
         FROM unnest($2::text[], $3::int[], $4::int[]) AS r(role_id, weekly_share_goal, goal_period_weeks)`,
      [
        tenantId,
        roles.map((role) => role.roleId),
        roles.map((role) => role.weeklyShareGoal),
        roles.map((role) => role.goalPeriodWeeks),
        updatedAt,
      ],
    );
  }

  /** Team and role of these advocates, as far as the projection knows them. */
  async whoAre(
    manager: EntityManager,
    tenantId: string,
    employeeIds: readonly string[],
  ): Promise<Map<string, { teamId: string | null; role: string | null }>> {
    const rows = await manager.query<{ employee_id: string; team_id: string | null; role: string | null }[]>(
      `SELECT employee_id, team_id, role FROM coaching.advocates WHERE tenant_id = $1 AND employee_id = ANY($2)`,
      [tenantId, employeeIds],
    );
    return new Map(rows.map((row) => [row.employee_id, { teamId: row.team_id, role: row.role }]));
  }
}
