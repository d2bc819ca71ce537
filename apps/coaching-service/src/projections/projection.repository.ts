import { Injectable } from '@nestjs/common';
import { RoleGoal } from '@advocacy/contracts';
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

  /** A share ends the current inactivity spell unless it is older than the nudge (a late delivery). */
  async recordShare(
    manager: EntityManager,
    share: { tenantId: string; employeeId: string; teamId: string | null; at: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO coaching.advocates (tenant_id, employee_id, team_id, first_seen_at, last_share_at)
       VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (tenant_id, employee_id) DO UPDATE
         SET last_share_at = GREATEST(coaching.advocates.last_share_at, $4),
             team_id = COALESCE(coaching.advocates.team_id, $3),
             nudged_at = CASE WHEN $4 > coaching.advocates.nudged_at THEN NULL ELSE coaching.advocates.nudged_at END,
             escalated_at = CASE WHEN $4 > coaching.advocates.nudged_at THEN NULL ELSE coaching.advocates.escalated_at END`,
      [share.tenantId, share.employeeId, share.teamId, share.at],
    );
  }

  async addPoints(
    manager: EntityManager,
    entry: { tenantId: string; employeeId: string; week: string; points: number },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO coaching.points_weekly (tenant_id, employee_id, week, points) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, employee_id, week) DO UPDATE SET points = coaching.points_weekly.points + $4`,
      [entry.tenantId, entry.employeeId, entry.week, entry.points],
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

  /** Points can arrive before the profile or the share: the advocate exists from their first event. */
  async ensureAdvocate(
    manager: EntityManager,
    advocate: { tenantId: string; employeeId: string; teamId: string | null; at: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO coaching.advocates (tenant_id, employee_id, team_id, first_seen_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, employee_id) DO UPDATE
         SET team_id = COALESCE(coaching.advocates.team_id, $3)`,
      [advocate.tenantId, advocate.employeeId, advocate.teamId, advocate.at],
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
