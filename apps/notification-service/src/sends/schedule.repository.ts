import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Claims of scheduled runs: one row per (tenant, job, subject, local period), across replicas. */
@Injectable()
export class ScheduleRepository {
  async claim(
    manager: EntityManager,
    tenantId: string,
    job: string,
    subject: string,
    period: string,
    now: Date,
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO notification.schedule_claims (tenant_id, job, subject, period, claimed_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
      [tenantId, job, subject, period, now],
    );
    return rows.length === 1;
  }

  async lastClaim(
    manager: EntityManager,
    tenantId: string,
    job: string,
    subject: string,
  ): Promise<Date | null> {
    const [row] = await manager.query<{ at: Date | null }[]>(
      `SELECT max(claimed_at) AS at FROM notification.schedule_claims
       WHERE tenant_id = $1 AND job = $2 AND subject = $3`,
      [tenantId, job, subject],
    );
    return row?.at ?? null;
  }
}
