import { Injectable } from '@nestjs/common';
import { AdvocateRoleDefinition, Network } from '@advocacy/contracts';
import { EntityManager } from 'typeorm';

export interface ProfileRow {
  tenant_id: string;
  employee_id: string;
  display_name: string;
  team_id: string | null;
  language: string;
  topics: string[];
  role: string | null;
  followers: Partial<Record<Network, number>>;
  updated_at: Date;
}

interface RoleRow {
  role_id: string;
  name: string;
  effort: AdvocateRoleDefinition['effort'];
  impact: AdvocateRoleDefinition['impact'];
  weekly_share_goal: number;
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
      dailySuggestions: row.daily_suggestions,
      description: row.description,
    }));
  }

  async replaceRoles(manager: EntityManager, tenantId: string, roles: readonly AdvocateRoleDefinition[]) {
    await manager.query('DELETE FROM content.roles WHERE tenant_id = $1', [tenantId]);
    for (const [position, role] of roles.entries()) {
      await manager.query(
        `INSERT INTO content.roles (tenant_id, role_id, position, name, effort, impact, weekly_share_goal, daily_suggestions, description)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
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
        ],
      );
    }
  }

  async profile(manager: EntityManager, tenantId: string, employeeId: string): Promise<ProfileRow | null> {
    const rows = await manager.query<ProfileRow[]>(
      'SELECT * FROM content.profiles WHERE tenant_id = $1 AND employee_id = $2',
      [tenantId, employeeId],
    );
    return rows[0] ?? null;
  }

  async profiles(manager: EntityManager, tenantId: string): Promise<ProfileRow[]> {
    return manager.query<ProfileRow[]>(
      'SELECT * FROM content.profiles WHERE tenant_id = $1 ORDER BY employee_id',
      [tenantId],
    );
  }

  async upsertProfile(manager: EntityManager, row: ProfileRow): Promise<ProfileRow> {
    const [saved] = await manager.query<ProfileRow[]>(
      `INSERT INTO content.profiles (tenant_id, employee_id, display_name, team_id, language, topics, role, followers, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)
       ON CONFLICT (tenant_id, employee_id) DO UPDATE SET
         display_name = EXCLUDED.display_name, team_id = EXCLUDED.team_id, language = EXCLUDED.language,
         topics = EXCLUDED.topics, role = EXCLUDED.role, followers = EXCLUDED.followers,
         updated_at = EXCLUDED.updated_at
       RETURNING *`,
      [
        row.tenant_id,
        row.employee_id,
        row.display_name,
        row.team_id,
        row.language,
        row.topics,
        row.role,
        JSON.stringify(row.followers),
        row.updated_at,
      ],
    );
    return saved;
  }
}
