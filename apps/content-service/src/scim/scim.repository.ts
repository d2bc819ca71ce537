import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export type GroupKind = 'team' | 'coaches';

/** A SCIM group: a team (members are the advocates whose team it is) or the coaches group. */
export interface Group {
  tenantId: string;
  groupId: string;
  displayName: string;
  externalId: string | null;
  kind: GroupKind;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

interface GroupRow {
  tenant_id: string;
  group_id: string;
  display_name: string;
  external_id: string | null;
  kind: GroupKind;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const toGroup = (row: GroupRow): Group => ({
  tenantId: row.tenant_id,
  groupId: row.group_id,
  displayName: row.display_name,
  externalId: row.external_id,
  kind: row.kind,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export type GroupFilter = { displayName: string } | { externalId: string } | null;

@Injectable()
export class ScimRepository {
  async tenantOfToken(manager: EntityManager, tokenHash: string): Promise<string | null> {
    const rows = await manager.query<{ tenant_id: string }[]>(
      'SELECT tenant_id FROM content.scim_tokens WHERE token_hash = $1',
      [tokenHash],
    );
    return rows[0]?.tenant_id ?? null;
  }

  /** One token per tenant: a new one replaces (rotates) the old at once. */
  async saveToken(manager: EntityManager, tenantId: string, tokenHash: string, now: Date): Promise<void> {
    await manager.query(
      `INSERT INTO content.scim_tokens (tenant_id, token_hash, created_at) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = EXCLUDED.created_at`,
      [tenantId, tokenHash, now],
    );
  }

  async group(
    manager: EntityManager,
    tenantId: string,
    groupId: string,
    lock = false,
  ): Promise<Group | null> {
    const rows = await manager.query<GroupRow[]>(
      `SELECT * FROM content.groups WHERE tenant_id = $1 AND group_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [tenantId, groupId],
    );
    return rows[0] ? toGroup(rows[0]) : null;
  }

  async groupByName(manager: EntityManager, tenantId: string, displayName: string): Promise<Group | null> {
    const rows = await manager.query<GroupRow[]>(
      'SELECT * FROM content.groups WHERE tenant_id = $1 AND lower(display_name) = lower($2)',
      [tenantId, displayName],
    );
    return rows[0] ? toGroup(rows[0]) : null;
  }

  async groups(
    manager: EntityManager,
    tenantId: string,
    filter: GroupFilter,
    offset: number,
    limit: number,
  ): Promise<{ total: number; groups: Group[] }> {
    const [where, params] =
      filter === null
        ? ['', []]
        : 'displayName' in filter
          ? ['AND lower(display_name) = lower($2)', [filter.displayName]]
          : ['AND external_id = $2', [filter.externalId]];
    const [count] = await manager.query<{ total: string }[]>(
      `SELECT count(*) AS total FROM content.groups WHERE tenant_id = $1 ${where}`,
      [tenantId, ...params],
    );
    const rows = await manager.query<GroupRow[]>(
      `SELECT * FROM content.groups WHERE tenant_id = $1 ${where} ORDER BY group_id OFFSET ${offset} LIMIT ${limit}`,
      [tenantId, ...params],
    );
    return { total: Number(count.total), groups: rows.map(toGroup) };
  }

  /** The groups one advocate is in: their team's and, if they coach, the coaches group. */
  async groupsOf(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    teamId: string | null,
  ): Promise<Group[]> {
    const rows = await manager.query<GroupRow[]>(
      `SELECT * FROM content.groups g WHERE g.tenant_id = $1 AND (
         (g.kind = 'team' AND g.group_id = $3) OR
         (g.kind = 'coaches' AND EXISTS (SELECT 1 FROM content.coaches c WHERE c.tenant_id = $1 AND c.employee_id = $2)))
       ORDER BY g.group_id`,
      [tenantId, employeeId, teamId],
    );
    return rows.map(toGroup);
  }

  async insertGroup(manager: EntityManager, group: Omit<Group, 'version' | 'updatedAt'>): Promise<Group> {
    const [row] = await manager.query<GroupRow[]>(
      `INSERT INTO content.groups (tenant_id, group_id, display_name, external_id, kind, version, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 1, $6, $6) RETURNING *`,
      [group.tenantId, group.groupId, group.displayName, group.externalId, group.kind, group.createdAt],
    );
    return toGroup(row);
  }

  async updateGroup(
    manager: EntityManager,
    group: Pick<Group, 'tenantId' | 'groupId' | 'displayName' | 'externalId'>,
    now: Date,
  ): Promise<Group> {
    // TypeORM answers a bare UPDATE … RETURNING with [rows, count], not rows.
    const [[row]] = await manager.query<[GroupRow[], number]>(
      `UPDATE content.groups SET display_name = $3, external_id = $4, version = version + 1, updated_at = $5
       WHERE tenant_id = $1 AND group_id = $2 RETURNING *`,
      [group.tenantId, group.groupId, group.displayName, group.externalId, now],
    );
    return toGroup(row);
  }

  async deleteGroup(manager: EntityManager, tenantId: string, groupId: string): Promise<void> {
    await manager.query('DELETE FROM content.groups WHERE tenant_id = $1 AND group_id = $2', [
      tenantId,
      groupId,
    ]);
  }

  async coaches(manager: EntityManager, tenantId: string): Promise<string[]> {
    const rows = await manager.query<{ employee_id: string }[]>(
      'SELECT employee_id FROM content.coaches WHERE tenant_id = $1 ORDER BY employee_id',
      [tenantId],
    );
    return rows.map((row) => row.employee_id);
  }

  async setCoach(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    coach: boolean,
  ): Promise<void> {
    await manager.query(
      coach
        ? 'INSERT INTO content.coaches (tenant_id, employee_id) VALUES ($1, $2) ON CONFLICT DO NOTHING'
        : 'DELETE FROM content.coaches WHERE tenant_id = $1 AND employee_id = $2',
      [tenantId, employeeId],
    );
  }
}
