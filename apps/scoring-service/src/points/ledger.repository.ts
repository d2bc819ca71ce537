import { Injectable } from '@nestjs/common';
import { rowMapper } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { LedgerDraft } from './points.rules';

export type LedgerEntry = LedgerDraft;

/** A stored ledger line. `seq` stays a string: it is a bigint, the keyset cursor of the export. */
export interface LedgerLine extends Omit<LedgerDraft, 'occurredAt' | 'subjectId' | 'shareId' | 'createdBy'> {
  seq: string;
  occurredAt: Date;
  recordedAt: Date;
}

export const toLedgerLine = rowMapper(
  'scoring.ledger',
  z.object({
    seq: z.string().regex(/^\d+$/),
    entry_id: z.string(),
    tenant_id: z.string(),
    employee_id: z.string(),
    team_id: z.string().nullable(),
    campaign_id: z.string().nullable(),
    points: z.number(),
    reason: z.string(),
    explanation: z.string(),
    rule: z.string(),
    rule_version: z.number(),
    source_event_id: z.string(),
    reverses: z.string().nullable(),
    occurred_at: z.date(),
    recorded_at: z.date(),
  }),
  (row): LedgerLine => ({
    seq: row.seq,
    entryId: row.entry_id,
    tenantId: row.tenant_id,
    employeeId: row.employee_id,
    teamId: row.team_id,
    campaignId: row.campaign_id,
    points: row.points,
    reason: row.reason,
    explanation: row.explanation,
    rule: row.rule,
    ruleVersion: row.rule_version,
    sourceEventId: row.source_event_id,
    reverses: row.reverses,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
  }),
);

export interface PeriodTotals {
  total: number;
  day: number;
  week: number;
  month: number;
  entries: number;
}

const COLUMNS = `seq, entry_id, tenant_id, employee_id, team_id, campaign_id, points, reason, explanation, rule,
                 rule_version, source_event_id, reverses, occurred_at, recorded_at`;

@Injectable()
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One multi-row insert for a whole batch (arrays through unnest, so no parameter limit). Rows that
   * hit a unique constraint — same (tenant, source event, rule), or an entry already reversed — are
   * skipped and not returned.
   */
  async append(manager: EntityManager, entries: readonly LedgerEntry[]): Promise<LedgerEntry[]> {
    if (entries.length === 0) return [];
    const column = <K extends keyof LedgerEntry>(key: K) => entries.map((entry) => entry[key]);
    const inserted = await manager.query<{ entry_id: string }[]>(
      `INSERT INTO scoring.ledger (entry_id, tenant_id, employee_id, team_id, campaign_id, points, reason, explanation,
                                   rule, rule_version, source_event_id, reverses, occurred_at, subject_id, share_id,
                                   created_by)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[],
                            $8::text[], $9::text[], $10::int[], $11::uuid[], $12::uuid[], $13::timestamptz[],
                            $14::text[], $15::uuid[], $16::text[])
       ON CONFLICT DO NOTHING
       RETURNING entry_id`,
      [
        column('entryId'),
        column('tenantId'),
        column('employeeId'),
        column('teamId'),
        column('campaignId'),
        column('points'),
        column('reason'),
        column('explanation'),
        column('rule'),
        column('ruleVersion'),
        column('sourceEventId'),
        column('reverses'),
        column('occurredAt'),
        column('subjectId'),
        column('shareId'),
        column('createdBy'),
      ],
    );
    const kept = new Set(inserted.map((row) => row.entry_id));
    return entries.filter((entry) => kept.has(entry.entryId));
  }

  async bySource(
    manager: EntityManager,
    tenantId: string,
    sourceEventId: string,
    rule: string,
  ): Promise<LedgerLine | null> {
    const rows = await manager.query<unknown[]>(
      `SELECT ${COLUMNS} FROM scoring.ledger WHERE tenant_id = $1 AND source_event_id = $2 AND rule = $3`,
      [tenantId, sourceEventId, rule],
    );
    return rows.length > 0 ? toLedgerLine(rows[0]) : null;
  }

  /** All-time totals of several employees, keyed `tenant\u0000employee` (one grouped query per batch). */
  async allTimeTotals(
    manager: EntityManager,
    people: readonly { tenantId: string; employeeId: string }[],
  ): Promise<Map<string, number>> {
    const rows = await manager.query<{ tenant_id: string; employee_id: string; total: string }[]>(
      `SELECT l.tenant_id, l.employee_id, sum(l.points) AS total
       FROM scoring.ledger l
       JOIN unnest($1::text[], $2::text[]) AS p(tenant_id, employee_id)
         ON l.tenant_id = p.tenant_id AND l.employee_id = p.employee_id
       GROUP BY l.tenant_id, l.employee_id`,
      [people.map((person) => person.tenantId), people.map((person) => person.employeeId)],
    );
    return new Map(rows.map((row) => [`${row.tenant_id}\u0000${row.employee_id}`, Number(row.total)]));
  }

  /** Sums over all time and over the given local periods, in one pass over the employee's rows. */
  async totals(
    tenantId: string,
    employeeId: string,
    ranges: Record<'day' | 'week' | 'month', { start: Date; end: Date }>,
  ): Promise<PeriodTotals> {
    const [row] = await this.dataSource.query<
      { total: string; day: string; week: string; month: string; entries: number }[]
    >(
      `SELECT coalesce(sum(points), 0) AS total,
              coalesce(sum(points) FILTER (WHERE occurred_at >= $3 AND occurred_at < $4), 0) AS day,
              coalesce(sum(points) FILTER (WHERE occurred_at >= $5 AND occurred_at < $6), 0) AS week,
              coalesce(sum(points) FILTER (WHERE occurred_at >= $7 AND occurred_at < $8), 0) AS month,
              count(*)::int AS entries
       FROM scoring.ledger WHERE tenant_id = $1 AND employee_id = $2`,
      [
        tenantId,
        employeeId,
        ranges.day.start,
        ranges.day.end,
        ranges.week.start,
        ranges.week.end,
        ranges.month.start,
        ranges.month.end,
      ],
    );
    return {
      total: Number(row.total),
      day: Number(row.day),
      week: Number(row.week),
      month: Number(row.month),
      entries: row.entries,
    };
  }

  /** Newest first. */
  async history(tenantId: string, employeeId: string, limit: number, offset: number): Promise<LedgerLine[]> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT ${COLUMNS} FROM scoring.ledger WHERE tenant_id = $1 AND employee_id = $2
       ORDER BY seq DESC LIMIT $3 OFFSET $4`,
      [tenantId, employeeId, limit, offset],
    );
    return rows.map(toLedgerLine);
  }

  /** One page of the tenant's ledger after `afterSeq`, in ledger order (keyset pagination). */
  async page(tenantId: string, afterSeq: string, limit: number): Promise<LedgerLine[]> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT ${COLUMNS} FROM scoring.ledger WHERE tenant_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [tenantId, afterSeq, limit],
    );
    return rows.map(toLedgerLine);
  }
}
