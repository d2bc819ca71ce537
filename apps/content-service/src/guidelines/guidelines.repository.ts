import { Injectable } from '@nestjs/common';
import { GuidelineRules } from '@advocacy/contracts';
import { EntityManager } from 'typeorm';

export interface GuidelinesRow {
  tenant_id: string;
  version: number;
  document: string;
  rules: GuidelineRules;
  published_by: string;
  published_at: Date;
}

@Injectable()
export class GuidelinesRepository {
  async current(manager: EntityManager, tenantId: string): Promise<GuidelinesRow | null> {
    const rows = await manager.query<GuidelinesRow[]>(
      'SELECT * FROM content.guidelines WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1',
      [tenantId],
    );
    return rows[0] ?? null;
  }

  /** Serialises publishers of one tenant, so versions are gapless and never collide. */
  async lockTenant(manager: EntityManager, tenantId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`guidelines:${tenantId}`]);
  }

  async insert(manager: EntityManager, row: GuidelinesRow): Promise<void> {
    await manager.query(
      `INSERT INTO content.guidelines (tenant_id, version, document, rules, published_by, published_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6)`,
      [
        row.tenant_id,
        row.version,
        row.document,
        JSON.stringify(row.rules),
        row.published_by,
        row.published_at,
      ],
    );
  }

  /** True when this acknowledgement is new. */
  async acknowledge(manager: EntityManager, tenantId: string, employeeId: string, version: number, at: Date) {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO content.acknowledgements (tenant_id, employee_id, version, acknowledged_at)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
      [tenantId, employeeId, version, at],
    );
    return rows.length > 0;
  }

  async hasAcknowledged(manager: EntityManager, tenantId: string, employeeId: string, version: number) {
    const rows = await manager.query<unknown[]>(
      'SELECT 1 FROM content.acknowledgements WHERE tenant_id = $1 AND employee_id = $2 AND version = $3',
      [tenantId, employeeId, version],
    );
    return rows.length > 0;
  }
}
