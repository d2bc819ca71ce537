import { Injectable } from '@nestjs/common';
import { AssignmentKind, AssignmentState } from '@advocacy/contracts';
import { rowMapper } from '@advocacy/platform';
import { EntityManager } from 'typeorm';
import { z } from 'zod';
import { AdvocateProfile, CoachCandidate } from './matching.rules';

export interface Assignment {
  id: string;
  tenantId: string;
  employeeId: string;
  coachId: string | null;
  kind: AssignmentKind;
  state: AssignmentState;
  createdAt: Date;
  proposedAt: Date | null;
  updatedAt: Date;
}

/** A waiting advocate as the admin view shows them: the assignment with its alert and profile. */
export interface WaitingAssignment extends Assignment {
  alertedAt: Date | null;
  displayName: string | null;
  language: string | null;
}

const assignmentRow = z.object({
  id: z.string(),
  tenant_id: z.string(),
  employee_id: z.string(),
  coach_id: z.string().nullable(),
  kind: AssignmentKind,
  state: AssignmentState,
  created_at: z.date(),
  proposed_at: z.date().nullable(),
  updated_at: z.date(),
});

const assignmentOf = (row: z.output<typeof assignmentRow>): Assignment => ({
  id: row.id,
  tenantId: row.tenant_id,
  employeeId: row.employee_id,
  coachId: row.coach_id,
  kind: row.kind,
  state: row.state,
  createdAt: row.created_at,
  proposedAt: row.proposed_at,
  updatedAt: row.updated_at,
});

export const toAssignment = rowMapper('coaching.assignments', assignmentRow, assignmentOf);

export const toWaitingAssignment = rowMapper(
  'coaching.assignments joined with coaching.advocates',
  assignmentRow.extend({
    alerted_at: z.date().nullable(),
    display_name: z.string().nullable(),
    language: z.string().nullable(),
  }),
  (row): WaitingAssignment => ({
    ...assignmentOf(row),
    alertedAt: row.alerted_at,
    displayName: row.display_name,
    language: row.language,
  }),
);

interface TransitionRow {
  from_state: AssignmentState | null;
  to_state: AssignmentState;
  coach_id: string | null;
  actor: string;
  note: string | null;
  at: Date;
}

export interface TransitionRecord {
  from: AssignmentState | null;
  to: AssignmentState;
  coachId: string | null;
  actor: string;
  note: string | null;
  at: Date;
}

export interface AssignmentFilter {
  state?: AssignmentState;
  kind?: AssignmentKind;
  coachId?: string;
  employeeId?: string;
  limit: number;
}

const ACTIVE = `('proposed', 'accepted')`;

@Injectable()
export class AssignmentRepository {
  /**
   * Serialises every load-changing step of one tenant (matching, transitions, coach changes) across
   * replicas: the capacity check and the insert that relies on it happen under this lock. Tenants are
   * locked in a stable order so two batches never wait on each other in a cycle.
   */
  async lockTenants(manager: EntityManager, tenantIds: readonly string[]): Promise<void> {
    for (const tenantId of [...new Set(tenantIds)].sort()) {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`coaching:assign:${tenantId}`]);
    }
  }

  async candidates(manager: EntityManager, tenantId: string): Promise<CoachCandidate[]> {
    const rows = await manager.query<
      {
        employee_id: string;
        languages: string[];
        teams: string[];
        topics: string[];
        capacity: number;
        available: boolean;
        load: number;
      }[]
    >(
      `SELECT c.employee_id, c.languages, c.teams, c.topics, c.capacity, c.available,
              (SELECT count(*)::int FROM coaching.assignments a
                WHERE a.tenant_id = c.tenant_id AND a.coach_id = c.employee_id AND a.state IN ${ACTIVE}) AS load
         FROM coaching.coaches c
        WHERE c.tenant_id = $1
          AND NOT EXISTS (SELECT 1 FROM coaching.advocates adv
                           WHERE adv.tenant_id = c.tenant_id AND adv.employee_id = c.employee_id AND NOT adv.active)
        ORDER BY c.employee_id`,
      [tenantId],
    );
    return rows.map((row) => ({
      employeeId: row.employee_id,
      languages: row.languages,
      teams: row.teams,
      topics: row.topics,
      capacity: row.capacity,
      available: row.available,
      load: row.load,
    }));
  }

  async advocate(manager: EntityManager, tenantId: string, employeeId: string): Promise<AdvocateProfile> {
    const [row] = await manager.query<
      { team_id: string | null; language: string | null; topics: string[] }[]
    >(`SELECT team_id, language, topics FROM coaching.advocates WHERE tenant_id = $1 AND employee_id = $2`, [
      tenantId,
      employeeId,
    ]);
    return {
      employeeId,
      teamId: row?.team_id ?? null,
      language: row?.language ?? null,
      topics: row?.topics ?? [],
    };
  }

  /** Coaches who declined this advocate, or let a proposal for them expire. */
  async excludedCoaches(manager: EntityManager, tenantId: string, employeeId: string): Promise<Set<string>> {
    const rows = await manager.query<{ coach_id: string }[]>(
      `SELECT DISTINCT coach_id FROM coaching.assignment_transitions
        WHERE tenant_id = $1 AND employee_id = $2 AND to_state IN ('declined', 'expired') AND coach_id IS NOT NULL`,
      [tenantId, employeeId],
    );
    return new Set(rows.map((row) => row.coach_id));
  }

  /** Open assignments this person is in, as the advocate or as the coach, locked for the change. */
  async openInvolving(manager: EntityManager, tenantId: string, employeeId: string): Promise<Assignment[]> {
    const rows = await manager.query<unknown[]>(
      `SELECT * FROM coaching.assignments
        WHERE tenant_id = $1 AND (employee_id = $2 OR coach_id = $2)
          AND state IN ('unassigned', 'proposed', 'accepted')
        ORDER BY created_at, id
        FOR UPDATE`,
      [tenantId, employeeId],
    );
    return rows.map(toAssignment);
  }

  /** Whether the directory still has this advocate (unknown ones count as active). */
  async isActive(manager: EntityManager, tenantId: string, employeeId: string): Promise<boolean> {
    const [row] = await manager.query<{ active: boolean }[]>(
      `SELECT active FROM coaching.advocates WHERE tenant_id = $1 AND employee_id = $2`,
      [tenantId, employeeId],
    );
    return row?.active ?? true;
  }

  async findOpen(manager: EntityManager, tenantId: string, employeeId: string): Promise<Assignment | null> {
    const rows = await manager.query<unknown[]>(
      `SELECT * FROM coaching.assignments
        WHERE tenant_id = $1 AND employee_id = $2 AND state IN ('unassigned', 'proposed', 'accepted')`,
      [tenantId, employeeId],
    );
    return rows.length > 0 ? toAssignment(rows[0]) : null;
  }

  async insert(manager: EntityManager, assignment: Assignment): Promise<void> {
    await manager.query(
      `INSERT INTO coaching.assignments (id, tenant_id, employee_id, coach_id, kind, state, created_at, proposed_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        assignment.id,
        assignment.tenantId,
        assignment.employeeId,
        assignment.coachId,
        assignment.kind,
        assignment.state,
        assignment.createdAt,
        assignment.proposedAt,
        assignment.updatedAt,
      ],
    );
  }

  async update(
    manager: EntityManager,
    id: string,
    changes: { state: AssignmentState; coachId: string | null; proposedAt: Date | null; at: Date },
  ): Promise<void> {
    await manager.query(
      `UPDATE coaching.assignments SET state = $2, coach_id = $3, proposed_at = $4, updated_at = $5 WHERE id = $1`,
      [id, changes.state, changes.coachId, changes.proposedAt, changes.at],
    );
  }

  async record(
    manager: EntityManager,
    assignment: Pick<Assignment, 'id' | 'tenantId' | 'employeeId'>,
    transition: TransitionRecord,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO coaching.assignment_transitions
         (assignment_id, tenant_id, employee_id, from_state, to_state, coach_id, actor, note, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        assignment.id,
        assignment.tenantId,
        assignment.employeeId,
        transition.from,
        transition.to,
        transition.coachId,
        transition.actor,
        transition.note,
        transition.at,
      ],
    );
  }

  async findForUpdate(manager: EntityManager, tenantId: string, id: string): Promise<Assignment | null> {
    const rows = await manager.query<unknown[]>(
      `SELECT * FROM coaching.assignments WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [tenantId, id],
    );
    return rows.length > 0 ? toAssignment(rows[0]) : null;
  }

  async find(manager: EntityManager, tenantId: string, id: string): Promise<Assignment | null> {
    const rows = await manager.query<unknown[]>(
      `SELECT * FROM coaching.assignments WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows.length > 0 ? toAssignment(rows[0]) : null;
  }

  async transitions(manager: EntityManager, tenantId: string, id: string): Promise<TransitionRecord[]> {
    const rows = await manager.query<TransitionRow[]>(
      `SELECT from_state, to_state, coach_id, actor, note, at FROM coaching.assignment_transitions
        WHERE tenant_id = $1 AND assignment_id = $2 ORDER BY seq`,
      [tenantId, id],
    );
    return rows.map((row) => ({
      from: row.from_state,
      to: row.to_state,
      coachId: row.coach_id,
      actor: row.actor,
      note: row.note,
      at: row.at,
    }));
  }

  async list(manager: EntityManager, tenantId: string, filter: AssignmentFilter): Promise<Assignment[]> {
    const params: unknown[] = [tenantId];
    const where = ['tenant_id = $1'];
    const add = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`${column} = $${params.length}`);
    };
    add('state', filter.state);
    add('kind', filter.kind);
    add('coach_id', filter.coachId);
    add('employee_id', filter.employeeId);
    params.push(filter.limit);
    const rows = await manager.query<unknown[]>(
      `SELECT * FROM coaching.assignments WHERE ${where.join(' AND ')}
        ORDER BY created_at DESC, id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toAssignment);
  }

  /** The unassigned queue of a tenant, oldest first: who waited longest gets the next free coach. */
  async unassigned(manager: EntityManager, tenantId: string): Promise<Assignment[]> {
    const rows = await manager.query<unknown[]>(
      `SELECT * FROM coaching.assignments WHERE tenant_id = $1 AND state = 'unassigned'
        ORDER BY created_at, id`,
      [tenantId],
    );
    return rows.map(toAssignment);
  }

  /** Unassigned advocates of every tenant who waited past the tenant's alert hours and were not alerted. */
  async dueAlerts(manager: EntityManager, now: Date, defaultHours: number): Promise<Assignment[]> {
    const rows = await manager.query<unknown[]>(
      `SELECT a.* FROM coaching.assignments a
         LEFT JOIN coaching.settings s ON s.tenant_id = a.tenant_id
        WHERE a.state = 'unassigned' AND a.alerted_at IS NULL
          AND a.created_at <= $1::timestamptz - make_interval(hours => COALESCE(s.unassigned_alert_hours, $2))
        ORDER BY a.tenant_id, a.created_at, a.id`,
      [now, defaultHours],
    );
    return rows.map(toAssignment);
  }

  /** Claims the alert of one assignment; false when another replica (or an earlier run) sent it. */
  async markAlerted(manager: EntityManager, id: string, now: Date): Promise<boolean> {
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, count], not rows.
    const [row] = await manager.query<{ claimed: number }[]>(
      `WITH claimed AS (
         UPDATE coaching.assignments SET alerted_at = $2
          WHERE id = $1 AND state = 'unassigned' AND alerted_at IS NULL RETURNING 1)
       SELECT count(*)::int AS claimed FROM claimed`,
      [id, now],
    );
    return row.claimed === 1;
  }

  /** A tenant's waiting advocates with what the admin view shows about them. */
  async waiting(manager: EntityManager, tenantId: string): Promise<WaitingAssignment[]> {
    const rows = await manager.query<unknown[]>(
      `SELECT a.*, adv.display_name, adv.language FROM coaching.assignments a
         LEFT JOIN coaching.advocates adv ON adv.tenant_id = a.tenant_id AND adv.employee_id = a.employee_id
        WHERE a.tenant_id = $1 AND a.state = 'unassigned'
        ORDER BY a.created_at, a.id LIMIT 1000`,
      [tenantId],
    );
    return rows.map(toWaitingAssignment);
  }

  /** Proposals older than their tenant's time-to-live (default 48 h). */
  async dueProposals(manager: EntityManager, now: Date, defaultTtlHours: number): Promise<Assignment[]> {
    const rows = await manager.query<unknown[]>(
      `SELECT a.* FROM coaching.assignments a
         LEFT JOIN coaching.settings s ON s.tenant_id = a.tenant_id
        WHERE a.state = 'proposed'
          AND a.proposed_at <= $1::timestamptz - make_interval(hours => COALESCE(s.proposal_ttl_hours, $2))
        ORDER BY a.tenant_id, a.proposed_at`,
      [now, defaultTtlHours],
    );
    return rows.map(toAssignment);
  }
}
