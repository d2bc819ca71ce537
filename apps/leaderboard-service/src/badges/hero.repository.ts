import { Injectable } from '@nestjs/common';
import { rowMapper } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';

export interface HeroMark {
  basis: string;
  reason: string;
  since: string;
}

export const toHeroMark = rowMapper(
  'leaderboard.heroes',
  z.object({ basis: z.string(), reason: z.string(), since: z.date() }),
  (row): HeroMark => ({ basis: row.basis, reason: row.reason, since: row.since.toISOString() }),
);

const heroRow = z.object({ employee_id: z.string() });

/** leaderboard.heroes: who is a HERO right now, as the coaching service last said. */
@Injectable()
export class HeroRepository {
  constructor(private readonly dataSource: DataSource) {}

  async mark(
    manager: EntityManager,
    hero: { tenantId: string; employeeId: string; basis: string; reason: string; since: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO leaderboard.heroes (tenant_id, employee_id, basis, reason, since) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, employee_id) DO UPDATE SET basis = $3, reason = $4`,
      [hero.tenantId, hero.employeeId, hero.basis, hero.reason, hero.since],
    );
  }

  async unmark(manager: EntityManager, tenantId: string, employeeId: string): Promise<void> {
    await manager.query(`DELETE FROM leaderboard.heroes WHERE tenant_id = $1 AND employee_id = $2`, [
      tenantId,
      employeeId,
    ]);
  }

  /** The tenant's active HEROs. */
  async allOf(tenantId: string): Promise<Set<string>> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT employee_id FROM leaderboard.heroes WHERE tenant_id = $1`,
      [tenantId],
    );
    return new Set(rows.map((row) => heroRow.parse(row).employee_id));
  }

  async of(tenantId: string, employeeId: string): Promise<HeroMark | null> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT basis, reason, since FROM leaderboard.heroes WHERE tenant_id = $1 AND employee_id = $2`,
      [tenantId, employeeId],
    );
    return rows.length > 0 ? toHeroMark(rows[0]) : null;
  }
}
