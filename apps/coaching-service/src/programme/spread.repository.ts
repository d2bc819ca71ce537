import { Injectable } from '@nestjs/common';
import { rowMapper } from '@advocacy/platform';
import { EntityManager } from 'typeorm';
import { z } from 'zod';

export interface ProgrammeBaseline {
  baselineId: string;
  participationRate: number | null;
  from: Date | null;
  to: Date | null;
  recordedAt: Date;
}

export const toTeamMember = rowMapper(
  'coaching.advocates (team members)',
  z.object({ employee_id: z.string(), team_id: z.string(), first_seen_at: z.date() }),
  (row) => ({ employeeId: row.employee_id, teamId: row.team_id, firstSeenAt: row.first_seen_at }),
);

export const toActiveWeek = rowMapper(
  'coaching.points_weekly',
  z.object({ employee_id: z.string(), week: z.string() }),
  (row) => ({ employeeId: row.employee_id, week: row.week }),
);

export const toProgrammeBaseline = rowMapper(
  'coaching.baselines',
  z.object({
    baseline_id: z.string(),
    participation_rate: z.number().nullable(),
    period_from: z.date().nullable(),
    period_to: z.date().nullable(),
    recorded_at: z.date(),
  }),
  (row): ProgrammeBaseline => ({
    baselineId: row.baseline_id,
    participationRate: row.participation_rate,
    from: row.period_from,
    to: row.period_to,
    recordedAt: row.recorded_at,
  }),
);

/** What spread analytics reads: team members, weekly activity, HERO teams and the tenant's baseline. */
@Injectable()
export class SpreadRepository {
  async members(manager: EntityManager, tenantId: string) {
    const rows = await manager.query<unknown[]>(
      `SELECT employee_id, team_id, first_seen_at FROM coaching.advocates
        WHERE tenant_id = $1 AND team_id IS NOT NULL`,
      [tenantId],
    );
    return rows.map(toTeamMember);
  }

  async activeWeeks(manager: EntityManager, tenantId: string, weeks: readonly string[]) {
    const rows = await manager.query<unknown[]>(
      `SELECT employee_id, week FROM coaching.points_weekly
        WHERE tenant_id = $1 AND week = ANY($2) AND points > 0`,
      [tenantId, weeks],
    );
    return rows.map(toActiveWeek);
  }

  async heroTeams(manager: EntityManager, tenantId: string): Promise<Set<string>> {
    const rows = await manager.query<{ team_id: string }[]>(
      `SELECT DISTINCT a.team_id FROM coaching.heroes h
         JOIN coaching.advocates a ON a.tenant_id = h.tenant_id AND a.employee_id = h.employee_id
        WHERE h.tenant_id = $1 AND h.status = 'active' AND a.team_id IS NOT NULL`,
      [tenantId],
    );
    return new Set(rows.map((row) => row.team_id));
  }

  async baseline(manager: EntityManager, tenantId: string): Promise<ProgrammeBaseline | null> {
    const [row] = await manager.query<unknown[]>(
      `SELECT baseline_id, participation_rate, period_from, period_to, recorded_at
         FROM coaching.baselines WHERE tenant_id = $1`,
      [tenantId],
    );
    return row ? toProgrammeBaseline(row) : null;
  }

  /** Keeps the latest baseline per tenant (by when it was recorded; a redelivered older one loses). */
  async saveBaseline(manager: EntityManager, tenantId: string, baseline: ProgrammeBaseline): Promise<void> {
    await manager.query(
      `INSERT INTO coaching.baselines (tenant_id, baseline_id, participation_rate, period_from, period_to, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id) DO UPDATE
         SET baseline_id = $2, participation_rate = $3, period_from = $4, period_to = $5, recorded_at = $6
         WHERE coaching.baselines.recorded_at <= $6`,
      [
        tenantId,
        baseline.baselineId,
        baseline.participationRate,
        baseline.from,
        baseline.to,
        baseline.recordedAt,
      ],
    );
  }
}
