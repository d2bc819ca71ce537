import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface LedgerEntry {
  entryId: string;
  tenantId: string;
  employeeId: string;
  teamId: string | null;
  campaignId: string | null;
  points: number;
  reason: string;
  explanation: string;
  rule: string;
  ruleVersion: number;
  sourceEventId: string;
  reverses: string | null;
  occurredAt: string;
}

@Injectable()
export class LedgerRepository {
  /** Multi-row insert; rows whose (tenant, source event, rule) exists are skipped and not returned. */
  async append(manager: EntityManager, entries: readonly LedgerEntry[]): Promise<LedgerEntry[]> {
    if (entries.length === 0) return [];
    const columns = 13;
    const params: unknown[] = [];
    const values = entries.map((entry, index) => {
      params.push(
        entry.entryId,
        entry.tenantId,
        entry.employeeId,
        entry.teamId,
        entry.campaignId,
        entry.points,
        entry.reason,
        entry.explanation,
        entry.rule,
        entry.ruleVersion,
        entry.sourceEventId,
        entry.reverses,
        entry.occurredAt,
      );
      const base = index * columns;
      return `(${Array.from({ length: columns }, (_, column) => `$${base + column + 1}`).join(', ')})`;
    });
    const inserted = await manager.query<{ entry_id: string }[]>(
      `INSERT INTO scoring.ledger (entry_id, tenant_id, employee_id, team_id, campaign_id, points, reason, explanation,
                                   rule, rule_version, source_event_id, reverses, occurred_at)
       VALUES ${values.join(', ')}
       ON CONFLICT (tenant_id, source_event_id, rule) DO NOTHING
       RETURNING entry_id`,
      params,
    );
    const kept = new Set(inserted.map((row) => row.entry_id));
    return entries.filter((entry) => kept.has(entry.entryId));
  }
}
