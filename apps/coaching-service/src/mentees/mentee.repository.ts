import { Injectable } from '@nestjs/common';
import { AssignmentKind } from '@advocacy/contracts';
import { DataSource } from 'typeorm';

export interface MenteeRow {
  assignment_id: string;
  employee_id: string;
  display_name: string | null;
  kind: AssignmentKind;
  last_share_at: Date | null;
}

@Injectable()
export class MenteeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The coach's active mentees: accepted assignments. */
  async mentees(tenantId: string, coachId: string): Promise<MenteeRow[]> {
    return this.dataSource.query<MenteeRow[]>(
      `SELECT a.id AS assignment_id, a.employee_id, adv.display_name, a.kind, adv.last_share_at
         FROM coaching.assignments a
         LEFT JOIN coaching.advocates adv ON adv.tenant_id = a.tenant_id AND adv.employee_id = a.employee_id
        WHERE a.tenant_id = $1 AND a.coach_id = $2 AND a.state = 'accepted'
        ORDER BY a.employee_id`,
      [tenantId, coachId],
    );
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

  async myCoach(
    tenantId: string,
    employeeId: string,
  ): Promise<{ coach_id: string; display_name: string; assignment_id: string; since: Date } | null> {
    const [row] = await this.dataSource.query<
      { coach_id: string; display_name: string; assignment_id: string; since: Date }[]
    >(
      `SELECT a.coach_id, c.display_name, a.id AS assignment_id, a.updated_at AS since
         FROM coaching.assignments a
         JOIN coaching.coaches c ON c.tenant_id = a.tenant_id AND c.employee_id = a.coach_id
        WHERE a.tenant_id = $1 AND a.employee_id = $2 AND a.state = 'accepted'`,
      [tenantId, employeeId],
    );
    return row ?? null;
  }
}
