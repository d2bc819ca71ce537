import { Injectable } from '@nestjs/common';
import { AssignmentKind } from '@advocacy/contracts';
import { rowMapper } from '@advocacy/platform';
import { DataSource } from 'typeorm';
import { z } from 'zod';

export interface Mentee {
  assignmentId: string;
  employeeId: string;
  displayName: string | null;
  kind: AssignmentKind;
  lastShareAt: Date | null;
}

export interface AcceptedCoach {
  coachId: string;
  displayName: string;
  assignmentId: string;
  since: Date;
}

export const toMentee = rowMapper(
  'coaching.assignments joined with coaching.advocates',
  z.object({
    assignment_id: z.string(),
    employee_id: z.string(),
    display_name: z.string().nullable(),
    kind: AssignmentKind,
    last_share_at: z.date().nullable(),
  }),
  (row): Mentee => ({
    assignmentId: row.assignment_id,
    employeeId: row.employee_id,
    displayName: row.display_name,
    kind: row.kind,
    lastShareAt: row.last_share_at,
  }),
);

export const toAcceptedCoach = rowMapper(
  'coaching.assignments joined with coaching.coaches',
  z.object({ coach_id: z.string(), display_name: z.string(), assignment_id: z.string(), since: z.date() }),
  (row): AcceptedCoach => ({
    coachId: row.coach_id,
    displayName: row.display_name,
    assignmentId: row.assignment_id,
    since: row.since,
  }),
);

@Injectable()
export class MenteeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The coach's active mentees: accepted assignments. */
  async mentees(tenantId: string, coachId: string): Promise<Mentee[]> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT a.id AS assignment_id, a.employee_id, adv.display_name, a.kind, adv.last_share_at
         FROM coaching.assignments a
         LEFT JOIN coaching.advocates adv ON adv.tenant_id = a.tenant_id AND adv.employee_id = a.employee_id
        WHERE a.tenant_id = $1 AND a.coach_id = $2 AND a.state = 'accepted'
        ORDER BY a.employee_id`,
      [tenantId, coachId],
    );
    return rows.map(toMentee);
  }

  async weeklyPoints(
    tenantId: string,
    employeeIds: readonly string[],
    weeks: readonly string[],
  ): Promise<Map<string, Map<string, number>>> {
    const rows = await this.dataSource.query<{ employee_id: string; week: string; points: number }[]>(
      `SELECT employee_id, week, points FROM coaching.points_weekly
        WHERE tenant_id = $1 AND employee_id = ANY($2::text[]) AND week = ANY($3::text[])`,
      [tenantId, employeeIds, weeks],
    );
    const byEmployee = new Map<string, Map<string, number>>();
    for (const row of rows) {
      const weeksOf = byEmployee.get(row.employee_id) ?? new Map<string, number>();
      weeksOf.set(row.week, row.points);
      byEmployee.set(row.employee_id, weeksOf);
    }
    return byEmployee;
  }

  async myCoach(tenantId: string, employeeId: string): Promise<AcceptedCoach | null> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT a.coach_id, c.display_name, a.id AS assignment_id, a.updated_at AS since
         FROM coaching.assignments a
         JOIN coaching.coaches c ON c.tenant_id = a.tenant_id AND c.employee_id = a.coach_id
        WHERE a.tenant_id = $1 AND a.employee_id = $2 AND a.state = 'accepted'`,
      [tenantId, employeeId],
    );
    return rows.length > 0 ? toAcceptedCoach(rows[0]) : null;
  }
}
