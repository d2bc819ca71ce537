import { Injectable } from '@nestjs/common';
import { ScoringRules } from '@advocacy/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { groupBy } from '@advocacy/platform';

export interface StoredRules {
  tenantId: string;
  version: number;
  rules: ScoringRules;
  effectiveFrom: Date;
  createdBy: string;
}

interface RulesRow {
  tenant_id: string;
  version: number;
  document: unknown;
  effective_from: Date;
  created_by: string;
}

/**
 * The time zone left the rules for the tenant settings; a replica of the previous release may still
 * save it while a rollout runs, so it is dropped on reading, not refused.
 */
const withoutLegacyZone = (document: unknown): unknown => {
  if (document === null || typeof document !== 'object') return document;
  const { timeZone: _legacy, ...rest } = document as Record<string, unknown>;
  return rest;
};

const toStored = (row: RulesRow): StoredRules => ({
  tenantId: row.tenant_id,
  version: row.version,
  // Documents were validated when saved; parsing again fills defaults added since.
  rules: ScoringRules.parse(withoutLegacyZone(row.document)),
  effectiveFrom: row.effective_from,
  createdBy: row.created_by,
});

@Injectable()
export class RulesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async latest(tenantId: string): Promise<StoredRules | null> {
    const rows = await this.dataSource.query<RulesRow[]>(
      'SELECT * FROM scoring.rules WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1',
      [tenantId],
    );
    return rows[0] ? toStored(rows[0]) : null;
  }

  /** The tenant's latest versions, newest first. */
  async history(tenantId: string, limit: number): Promise<StoredRules[]> {
    const rows = await this.dataSource.query<RulesRow[]>(
      'SELECT * FROM scoring.rules WHERE tenant_id = $1 ORDER BY version DESC LIMIT $2',
      [tenantId, limit],
    );
    return rows.map(toStored);
  }

  /** Every version of these tenants' rules, for picking the one in effect per event. */
  async versions(manager: EntityManager, tenantIds: readonly string[]): Promise<Map<string, StoredRules[]>> {
    if (tenantIds.length === 0) return new Map();
    const rows = await manager.query<RulesRow[]>(
      'SELECT * FROM scoring.rules WHERE tenant_id = ANY($1::text[])',
      [[...new Set(tenantIds)]],
    );
    return groupBy(rows.map(toStored), (stored) => stored.tenantId);
  }

  /** Stores the document as the next version; a concurrent save of the same version fails with 23505. */
  async save(
    tenantId: string,
    rules: ScoringRules,
    createdBy: string,
    effectiveFrom: Date,
  ): Promise<StoredRules> {
    const rows = await this.dataSource.query<RulesRow[]>(
      `INSERT INTO scoring.rules (tenant_id, version, document, effective_from, created_by)
       SELECT $1, coalesce(max(version), 0) + 1, $2::jsonb, $3, $4 FROM scoring.rules WHERE tenant_id = $1
       RETURNING *`,
      [tenantId, JSON.stringify(rules), effectiveFrom, createdBy],
    );
    return toStored(rows[0]);
  }
}
