import { Injectable } from '@nestjs/common';
import { AdvocateRoleDefinition, Network } from '@advocacy/contracts';
import { EntityManager } from 'typeorm';

/** An advocate as the content service keeps it: their own choices and the directory's facts. */
export interface Advocate {
  tenantId: string;
  employeeId: string;
  displayName: string;
  teamId: string | null;
  managerId: string | null;
  externalId: string | null;
  language: string;
  topics: string[];
  role: string | null;
  followers: Partial<Record<Network, number>>;
  active: boolean;
  /** SCIM or an admin set the directory fields; the employee no longer sets their display name */
  managed: boolean;
  /** bumped by every change: the SCIM ETag */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

interface ProfileRow {
  tenant_id: string;
  employee_id: string;
  display_name: string;
  team_id: string | null;
  manager_id: string | null;
  external_id: string | null;
  language: string;
  topics: string[];
  role: string | null;
  followers: Partial<Record<Network, number>>;
  active: boolean;
  managed: boolean;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const toAdvocate = (row: ProfileRow): Advocate => ({
  tenantId: row.tenant_id,
  employeeId: row.employee_id,
  displayName: row.display_name,
  teamId: row.team_id,
  managerId: row.manager_id,
  externalId: row.external_id,
  language: row.language,
  topics: row.topics,
  role: row.role,
  followers: row.followers,
  active: row.active,
  managed: row.managed,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** What a SCIM filter may ask for, as SQL: `userName` is case-insensitive (RFC 7643 §4.1.1). */
export type AdvocateFilter = { userName: string } | { externalId: string } | null;

interface RoleRow {
  role_id: string;
  name: string;
  effort: AdvocateRoleDefinition['effort'];
  impact: AdvocateRoleDefinition['impact'];
  weekly_share_goal: number;
  goal_period_weeks: number;
  daily_suggestions: number;
  description: string;
}

@Injectable()
export class AdvocatesRepository {
  async roles(manager: EntityManager, tenantId: string): Promise<AdvocateRoleDefinition[]> {
    const rows = await manager.query<RoleRow[]>(
      'SELECT * FROM content.roles WHERE tenant_id = $1 ORDER BY position',
      [tenantId],
    );
    return rows.map((row) => ({
      roleId: row.role_id,
      name: row.name,
      effort: row.effort,
      impact: row.impact,
      weeklyShareGoal: row.weekly_share_goal,
      goalPeriodWeeks: row.goal_period_weeks,
      dailySuggestions: row.daily_suggestions,
      description: row.description,
    }));
  }

  async replaceRoles(manager: EntityManager, tenantId: string, roles: readonly AdvocateRoleDefinition[]) {
    await manager.query('DELETE FROM content.roles WHERE tenant_id = $1', [tenantId]);
    for (const [position, role] of roles.entries()) {
      await manager.query(
        `INSERT INTO content.roles (tenant_id, role_id, position, name, effort, impact, weekly_share_goal, daily_suggestions,
                                    description, goal_period_weeks)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          tenantId,
          role.roleId,
          position,
          role.name,
          role.effort,
          role.impact,
          role.weeklyShareGoal,
          role.dailySuggestions,
          role.description,
          role.goalPeriodWeeks,
        ],
      );
    }
  }

  async profile(manager: EntityManager, tenantId: string, employeeId: string): Promise<Advocate | null> {
    const rows = await manager.query<ProfileRow[]>(
      'SELECT * FROM content.profiles WHERE tenant_id = $1 AND employee_id = $2',
      [tenantId, employeeId],
    );
    return rows[0] ? toAdvocate(rows[0]) : null;
  }

  /** For a change: the row locked until the transaction ends, so two writers cannot both bump one version. */
  async profileForUpdate(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
  ): Promise<Advocate | null> {
    const rows = await manager.query<ProfileRow[]>(
      'SELECT * FROM content.profiles WHERE tenant_id = $1 AND employee_id = $2 FOR UPDATE',
      [tenantId, employeeId],
    );
    return rows[0] ? toAdvocate(rows[0]) : null;
  }

  /** The tenant's active advocates (suggestions and feeds are for them only). */
  async profiles(manager: EntityManager, tenantId: string): Promise<Advocate[]> {
    const rows = await manager.query<ProfileRow[]>(
      'SELECT * FROM content.profiles WHERE tenant_id = $1 AND active ORDER BY employee_id',
      [tenantId],
    );
    return rows.map(toAdvocate);
  }

  async page(
    manager: EntityManager,
    tenantId: string,
    filter: AdvocateFilter,
    offset: number,
    limit: number,
  ): Promise<{ total: number; advocates: Advocate[] }> {
    const [where, params] =
      filter === null
        ? ['', []]
        : 'userName' in filter
          ? ['AND lower(employee_id) = lower($2)', [filter.userName]]
          : ['AND external_id = $2', [filter.externalId]];
    const rows = await manager.query<(ProfileRow & { total: string })[]>(
      `SELECT *, count(*) OVER () AS total FROM content.profiles WHERE tenant_id = $1 ${where}
       ORDER BY employee_id OFFSET ${offset} LIMIT ${limit}`,
      [tenantId, ...params],
    );
    let total = rows[0] ? Number(rows[0].total) : 0;
    // No row carries the window count: past the end, or `count=0` (a client asking for the total).
    if (rows.length === 0 && (offset > 0 || limit === 0)) {
      const [count] = await manager.query<{ total: string }[]>(
        `SELECT count(*) AS total FROM content.profiles WHERE tenant_id = $1 ${where}`,
        [tenantId, ...params],
      );
      total = Number(count.total);
    }
    return { total, advocates: rows.map(toAdvocate) };
  }

  async byExternalId(manager: EntityManager, tenantId: string, externalId: string): Promise<Advocate | null> {
    const rows = await manager.query<ProfileRow[]>(
      'SELECT * FROM content.profiles WHERE tenant_id = $1 AND external_id = $2',
      [tenantId, externalId],
    );
    return rows[0] ? toAdvocate(rows[0]) : null;
  }

  async members(manager: EntityManager, tenantId: string, teamId: string): Promise<Advocate[]> {
    const rows = await manager.query<ProfileRow[]>(
      'SELECT * FROM content.profiles WHERE tenant_id = $1 AND team_id = $2 ORDER BY employee_id',
      [tenantId, teamId],
    );
    return rows.map(toAdvocate);
  }

  async deactivated(manager: EntityManager): Promise<{ tenantId: string; employeeId: string }[]> {
    const rows = await manager.query<{ tenant_id: string; employee_id: string }[]>(
      'SELECT tenant_id, employee_id FROM content.profiles WHERE NOT active',
    );
    return rows.map((row) => ({ tenantId: row.tenant_id, employeeId: row.employee_id }));
  }

  /** Inserts or replaces the advocate; the version goes up by one on every save. */
  async save(manager: EntityManager, advocate: Omit<Advocate, 'version' | 'createdAt'>): Promise<Advocate> {
    const [saved] = await manager.query<ProfileRow[]>(
      `INSERT INTO content.profiles (tenant_id, employee_id, display_name, team_id, manager_id, external_id,
                                     language, topics, role, followers, active, managed, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, 1, $13, $13)
       ON CONFLICT (tenant_id, employee_id) DO UPDATE SET
         display_name = EXCLUDED.display_name, team_id = EXCLUDED.team_id, manager_id = EXCLUDED.manager_id,
         external_id = EXCLUDED.external_id, language = EXCLUDED.language, topics = EXCLUDED.topics,
         role = EXCLUDED.role, followers = EXCLUDED.followers, active = EXCLUDED.active,
         managed = EXCLUDED.managed, version = content.profiles.version + 1, updated_at = EXCLUDED.updated_at
       RETURNING *`,
      [
        advocate.tenantId,
        advocate.employeeId,
        advocate.displayName,
        advocate.teamId,
        advocate.managerId,
        advocate.externalId,
        advocate.language,
        advocate.topics,
        advocate.role,
        JSON.stringify(advocate.followers),
        advocate.active,
        advocate.managed,
        advocate.updatedAt,
      ],
    );
    return toAdvocate(saved);
  }
}
