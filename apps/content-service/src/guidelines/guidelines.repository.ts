import { Injectable } from '@nestjs/common';
import { GuidelineRules } from '@advocacy/contracts';
import { rowMapper } from '@advocacy/platform';
import { EntityManager } from 'typeorm';
import { z } from 'zod';

export interface Guidelines {
  tenantId: string;
  version: number;
  document: string;
  rules: GuidelineRules;
  publishedBy: string;
  publishedAt: Date;
}

export const toGuidelines = rowMapper(
  'content.guidelines',
  z.object({
    tenant_id: z.string(),
    version: z.number(),
    document: z.string(),
    rules: GuidelineRules,
    published_by: z.string(),
    published_at: z.date(),
  }),
  (row): Guidelines => ({
    tenantId: row.tenant_id,
    version: row.version,
    document: row.document,
    rules: row.rules,
    publishedBy: row.published_by,
    publishedAt: row.published_at,
  }),
);

@Injectable()
export class GuidelinesRepository {
  async current(manager: EntityManager, tenantId: string): Promise<Guidelines | null> {
    const rows = await manager.query<unknown[]>(
      'SELECT * FROM content.guidelines WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1',
      [tenantId],
    );
    return rows.length > 0 ? toGuidelines(rows[0]) : null;
  }

  /**
   * Every version, newest first, with its acknowledgements: all of them and those of the tenant's
   * active advocates; and the number of active advocates now (the rates' denominator).
   */
  async versions(manager: EntityManager, tenantId: string) {
    const rows = await manager.query<
      {
        version: number;
        published_by: string;
        published_at: Date;
        acknowledged: number;
        by_advocates: number;
        advocates: number;
      }[]
    >(
      `SELECT g.version, g.published_by, g.published_at,
              count(a.employee_id)::int AS acknowledged,
              count(a.employee_id) FILTER (WHERE p.active)::int AS by_advocates,
              (SELECT count(*)::int FROM content.profiles WHERE tenant_id = $1 AND active) AS advocates
         FROM content.guidelines g
         LEFT JOIN content.acknowledgements a ON a.tenant_id = g.tenant_id AND a.version = g.version
         LEFT JOIN content.profiles p ON p.tenant_id = a.tenant_id AND p.employee_id = a.employee_id
        WHERE g.tenant_id = $1
        GROUP BY g.version, g.published_by, g.published_at
        ORDER BY g.version DESC`,
      [tenantId],
    );
    return rows.map((row) => ({
      version: row.version,
      publishedBy: row.published_by,
      publishedAt: row.published_at,
      acknowledged: row.acknowledged,
      byAdvocates: row.by_advocates,
      advocates: row.advocates,
    }));
  }

  /** The tenant's active advocates, for a tenant without versions yet. */
  async activeAdvocates(manager: EntityManager, tenantId: string): Promise<number> {
    const [row] = await manager.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM content.profiles WHERE tenant_id = $1 AND active',
      [tenantId],
    );
    return row.n;
  }

  /** Serialises publishers of one tenant, so versions are gapless and never collide. */
  async lockTenant(manager: EntityManager, tenantId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`guidelines:${tenantId}`]);
  }

  async insert(manager: EntityManager, guidelines: Guidelines): Promise<void> {
    await manager.query(
      `INSERT INTO content.guidelines (tenant_id, version, document, rules, published_by, published_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6)`,
      [
        guidelines.tenantId,
        guidelines.version,
        guidelines.document,
        JSON.stringify(guidelines.rules),
        guidelines.publishedBy,
        guidelines.publishedAt,
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
