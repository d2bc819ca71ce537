import { Injectable } from '@nestjs/common';
import { AssignmentState, HeroView } from '@advocacy/contracts';
import { DataSource } from 'typeorm';
import { z } from 'zod';

interface HeroRow {
  employee_id: string;
  display_name: string | null;
  status: 'active' | 'lapsed';
  since: Date;
  lapsed_at: Date | null;
  coach_id: string | null;
  state: AssignmentState | null;
}

@Injectable()
export class HeroRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every HERO with their open assignment (any kind), active ones first. */
  async list(tenantId: string): Promise<z.infer<typeof HeroView>[]> {
    const rows = await this.dataSource.query<HeroRow[]>(
      `SELECT h.employee_id, adv.display_name, h.status, h.since, h.lapsed_at, open.coach_id, open.state
         FROM coaching.heroes h
         LEFT JOIN coaching.advocates adv ON adv.tenant_id = h.tenant_id AND adv.employee_id = h.employee_id
         LEFT JOIN coaching.assignments open ON open.tenant_id = h.tenant_id AND open.employee_id = h.employee_id
               AND open.state IN ('unassigned', 'proposed', 'accepted')
        WHERE h.tenant_id = $1
        ORDER BY h.status, h.since DESC, h.employee_id
        LIMIT 1000`,
      [tenantId],
    );
    return rows.map((row) => ({
      employeeId: row.employee_id,
      displayName: row.display_name,
      status: row.status,
      since: row.since.toISOString(),
      lapsedAt: row.lapsed_at ? row.lapsed_at.toISOString() : null,
      coachId: row.coach_id,
      assignmentState: row.state,
    }));
  }
}
