import { Injectable } from '@nestjs/common';
import { CoachView, CreateCoachBody } from '@advocacy/contracts';
import { EntityManager } from 'typeorm';

interface CoachRow {
  employee_id: string;
  display_name: string;
  languages: string[];
  teams: string[];
  topics: string[];
  capacity: number;
  available: boolean;
  load: number;
}

const toView = (row: CoachRow): CoachView => ({
  employeeId: row.employee_id,
  displayName: row.display_name,
  languages: row.languages,
  teams: row.teams,
  topics: row.topics,
  capacity: row.capacity,
  available: row.available,
  load: row.load,
});

const SELECT = `
  SELECT c.employee_id, c.display_name, c.languages, c.teams, c.topics, c.capacity, c.available,
         (SELECT count(*)::int FROM coaching.assignments a
           WHERE a.tenant_id = c.tenant_id AND a.coach_id = c.employee_id
             AND a.state IN ('proposed', 'accepted')) AS load
    FROM coaching.coaches c`;

@Injectable()
export class CoachRepository {
  /** Inserts a coach; false when the tenant already has one with this employee id. */
  async insert(
    manager: EntityManager,
    tenantId: string,
    coach: CreateCoachBody,
    now: Date,
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO coaching.coaches (tenant_id, employee_id, display_name, languages, teams, topics, capacity, available, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
       ON CONFLICT (tenant_id, employee_id) DO NOTHING RETURNING employee_id`,
      [
        tenantId,
        coach.employeeId,
        coach.displayName,
        coach.languages,
        coach.teams,
        coach.topics,
        coach.capacity,
        coach.available,
        now,
      ],
    );
    return rows.length === 1;
  }

  async update(manager: EntityManager, tenantId: string, coach: CreateCoachBody, now: Date): Promise<void> {
    await manager.query(
      `UPDATE coaching.coaches SET display_name = $3, languages = $4, teams = $5, topics = $6, capacity = $7,
              available = $8, updated_at = $9
        WHERE tenant_id = $1 AND employee_id = $2`,
      [
        tenantId,
        coach.employeeId,
        coach.displayName,
        coach.languages,
        coach.teams,
        coach.topics,
        coach.capacity,
        coach.available,
        now,
      ],
    );
  }

  /** What coaching knows of a person from the directory: a new coach's name and language. */
  async directoryEntry(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
  ): Promise<{ displayName: string | null; language: string | null }> {
    const [row] = await manager.query<{ display_name: string | null; language: string | null }[]>(
      `SELECT display_name, language FROM coaching.advocates WHERE tenant_id = $1 AND employee_id = $2`,
      [tenantId, employeeId],
    );
    return { displayName: row?.display_name ?? null, language: row?.language ?? null };
  }

  async find(manager: EntityManager, tenantId: string, employeeId: string): Promise<CoachView | null> {
    const [row] = await manager.query<CoachRow[]>(`${SELECT} WHERE c.tenant_id = $1 AND c.employee_id = $2`, [
      tenantId,
      employeeId,
    ]);
    return row ? toView(row) : null;
  }

  async list(manager: EntityManager, tenantId: string): Promise<CoachView[]> {
    const rows = await manager.query<CoachRow[]>(`${SELECT} WHERE c.tenant_id = $1 ORDER BY c.employee_id`, [
      tenantId,
    ]);
    return rows.map(toView);
  }
}
