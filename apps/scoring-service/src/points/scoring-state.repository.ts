import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AdvocateInfo, ContentInfo, projectionKey } from './points.facts';
import {
  CAPPED_RULES,
  clickKey,
  dailyKey,
  entryKey,
  ReversibleEntry,
  ShareSlot,
  slotKey,
} from './points.rules';

export interface DayWindow {
  tenantId: string;
  /** Employee id for daily totals, share id for click totals. */
  id: string;
  day: string;
  start: Date;
  end: Date;
}

export interface SlotRef {
  tenantId: string;
  employeeId: string;
  contentId: string;
  network: string;
}

export interface SubjectRef {
  tenantId: string;
  rule: string;
  subjectId: string;
}

/** The bulk reads the batch scorer needs: one query per kind per batch, never one per event. */
@Injectable()
export class ScoringStateRepository {
  /**
   * Serialises batches that touch the same employees (share, click and engagement events of one
   * person arrive on different topics, which replicas may hold apart), so the daily cap cannot be
   * raced.
   * Locks are taken in hash order, so two batches never deadlock on each other.
   */
  async lockEmployees(manager: EntityManager, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await manager.query(
      `SELECT count(pg_advisory_xact_lock(5, h))
       FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY h) AS locks`,
      [[...new Set(keys)]],
    );
  }

  async advocates(manager: EntityManager, refs: readonly { tenantId: string; id: string }[]) {
    const result = new Map<string, AdvocateInfo>();
    if (refs.length === 0) return result;
    const rows = await manager.query<
      {
        tenant_id: string;
        employee_id: string;
        team_id: string | null;
        role: string | null;
        active: boolean;
      }[]
    >(
      `SELECT a.tenant_id, a.employee_id, a.team_id, a.role, a.active
       FROM unnest($1::text[], $2::text[]) AS r(tenant_id, employee_id)
       JOIN scoring.advocates a USING (tenant_id, employee_id)`,
      [refs.map((ref) => ref.tenantId), refs.map((ref) => ref.id)],
    );
    for (const row of rows)
      result.set(projectionKey(row.tenant_id, row.employee_id), {
        teamId: row.team_id,
        role: row.role,
        active: row.active,
      });
    return result;
  }

  async content(manager: EntityManager, refs: readonly { tenantId: string; id: string }[]) {
    const result = new Map<string, ContentInfo>();
    if (refs.length === 0) return result;
    const rows = await manager.query<
      {
        tenant_id: string;
        content_id: string;
        title: string;
        campaign_id: string | null;
        shareable_from: Date | null;
        shareable_until: Date | null;
        published_at: Date;
      }[]
    >(
      `SELECT c.tenant_id, c.content_id, c.title, c.campaign_id, c.shareable_from, c.shareable_until, c.published_at
       FROM unnest($1::text[], $2::uuid[]) AS r(tenant_id, content_id)
       JOIN scoring.content c USING (tenant_id, content_id)`,
      [refs.map((ref) => ref.tenantId), refs.map((ref) => ref.id)],
    );
    for (const row of rows) {
      result.set(projectionKey(row.tenant_id, row.content_id), {
        title: row.title,
        campaignId: row.campaign_id,
        shareableFrom: row.shareable_from,
        shareableUntil: row.shareable_until,
        publishedAt: row.published_at,
      });
    }
    return result;
  }

  /** Points counted towards the daily cap per employee and local day. */
  async dailyPoints(manager: EntityManager, windows: readonly DayWindow[]): Promise<Map<string, number>> {
    const rows = await this.sumsPerWindow(
      manager,
      windows,
      `l.employee_id = w.id AND l.rule = ANY($6::text[])`,
      [...CAPPED_RULES],
    );
    return new Map(
      rows.map((row, index) => [
        dailyKey(windows[index].tenantId, windows[index].id, windows[index].day),
        row,
      ]),
    );
  }

  /** Click points per share and local day. */
  async clickPoints(manager: EntityManager, windows: readonly DayWindow[]): Promise<Map<string, number>> {
    const rows = await this.sumsPerWindow(manager, windows, `l.share_id = w.id::uuid AND l.rule = 'click'`);
    return new Map(
      rows.map((row, index) => [
        clickKey(windows[index].tenantId, windows[index].id, windows[index].day),
        row,
      ]),
    );
  }

  private async sumsPerWindow(
    manager: EntityManager,
    windows: readonly DayWindow[],
    match: string,
    extra?: unknown,
  ): Promise<number[]> {
    if (windows.length === 0) return [];
    const params: unknown[] = [
      windows.map((w) => w.tenantId),
      windows.map((w) => w.id),
      windows.map((w) => w.start),
      windows.map((w) => w.end),
      windows.map((_, index) => index),
    ];
    if (extra !== undefined) params.push(extra);
    // LATERAL keeps the plan a per-window index lookup whatever the table statistics say.
    const rows = await manager.query<{ idx: number; points: string }[]>(
      `SELECT w.idx, s.points
       FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::int[])
            AS w(tenant_id, id, day_start, day_end, idx)
       CROSS JOIN LATERAL (
         SELECT coalesce(sum(l.points), 0) AS points FROM scoring.ledger l
         WHERE l.tenant_id = w.tenant_id AND ${match} AND l.occurred_at >= w.day_start AND l.occurred_at < w.day_end
       ) AS s`,
      params,
    );
    const sums = new Array<number>(windows.length).fill(0);
    for (const row of rows) sums[row.idx] = Number(row.points);
    return sums;
  }

  /** Entries a batch may reverse or must not repeat, with whether they were reversed already. */
  async entries(manager: EntityManager, refs: readonly SubjectRef[]): Promise<Map<string, ReversibleEntry>> {
    const result = new Map<string, ReversibleEntry>();
    if (refs.length === 0) return result;
    // LATERAL with LIMIT is never flattened into a hash join: one index lookup per subject.
    const rows = await manager.query<
      {
        tenant_id: string;
        rule: string;
        subject_id: string;
        entry_id: string;
        employee_id: string;
        team_id: string | null;
        campaign_id: string | null;
        points: number;
        reversed: boolean;
      }[]
    >(
      `SELECT s.tenant_id, s.rule, s.subject_id, l.entry_id, l.employee_id, l.team_id, l.campaign_id, l.points,
              EXISTS (SELECT 1 FROM scoring.ledger r WHERE r.reverses = l.entry_id) AS reversed
       FROM unnest($1::text[], $2::text[], $3::text[]) AS s(tenant_id, rule, subject_id)
       CROSS JOIN LATERAL (
         SELECT * FROM scoring.ledger l
         WHERE l.tenant_id = s.tenant_id AND l.rule = s.rule AND l.subject_id = s.subject_id
         LIMIT 1
       ) AS l`,
      [refs.map((ref) => ref.tenantId), refs.map((ref) => ref.rule), refs.map((ref) => ref.subjectId)],
    );
    for (const row of rows) {
      result.set(entryKey(row.tenant_id, row.rule, row.subject_id), {
        entryId: row.entry_id,
        employeeId: row.employee_id,
        teamId: row.team_id,
        campaignId: row.campaign_id,
        points: row.points,
        reversed: row.reversed,
      });
    }
    return result;
  }

  /** The scoring-share slots of the given employee, content and network triples. */
  async shareSlots(manager: EntityManager, refs: readonly SlotRef[]): Promise<Map<string, ShareSlot | null>> {
    const result = new Map<string, ShareSlot | null>();
    if (refs.length === 0) return result;
    const rows = await manager.query<
      {
        tenant_id: string;
        employee_id: string;
        content_id: string;
        network: string;
        share_id: string;
        scored_at: Date;
      }[]
    >(
      `SELECT s.tenant_id, s.employee_id, s.content_id, s.network, s.share_id, s.scored_at
       FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[]) AS r(tenant_id, employee_id, content_id, network)
       JOIN scoring.share_slots s USING (tenant_id, employee_id, content_id, network)`,
      [
        refs.map((ref) => ref.tenantId),
        refs.map((ref) => ref.employeeId),
        refs.map((ref) => ref.contentId),
        refs.map((ref) => ref.network),
      ],
    );
    for (const row of rows) {
      result.set(slotKey(row.tenant_id, row.employee_id, row.content_id, row.network), {
        shareId: row.share_id,
        at: row.scored_at,
      });
    }
    return result;
  }

  /**
   * Stores what a batch decided about slots: withdrawn shares give theirs back first, then the slots
   * the batch took or freed are written.
   */
  async saveShareSlots(
    manager: EntityManager,
    withdrawn: readonly { tenantId: string; shareId: string }[],
    slots: ReadonlyMap<string, ShareSlot | null>,
    changed: ReadonlySet<string>,
  ): Promise<void> {
    if (withdrawn.length > 0) {
      await manager.query(
        `DELETE FROM scoring.share_slots s
         USING unnest($1::text[], $2::uuid[]) AS w(tenant_id, share_id)
         WHERE s.tenant_id = w.tenant_id AND s.share_id = w.share_id`,
        [withdrawn.map((w) => w.tenantId), withdrawn.map((w) => w.shareId)],
      );
    }
    const taken: { key: string[]; slot: ShareSlot }[] = [];
    const freed: string[][] = [];
    for (const key of changed) {
      const slot = slots.get(key) ?? null;
      const parts = key.split('|');
      if (slot) taken.push({ key: parts, slot });
      else freed.push(parts);
    }
    if (freed.length > 0) {
      await manager.query(
        `DELETE FROM scoring.share_slots s
         USING unnest($1::text[], $2::text[], $3::uuid[], $4::text[]) AS f(tenant_id, employee_id, content_id, network)
         WHERE (s.tenant_id, s.employee_id, s.content_id, s.network) = (f.tenant_id, f.employee_id, f.content_id, f.network)`,
        [0, 1, 2, 3].map((i) => freed.map((parts) => parts[i])),
      );
    }
    if (taken.length > 0) {
      await manager.query(
        `INSERT INTO scoring.share_slots (tenant_id, employee_id, content_id, network, share_id, scored_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::uuid[], $6::timestamptz[])
         ON CONFLICT (tenant_id, employee_id, content_id, network)
         DO UPDATE SET share_id = excluded.share_id, scored_at = excluded.scored_at`,
        [
          ...[0, 1, 2, 3].map((i) => taken.map(({ key }) => key[i])),
          taken.map(({ slot }) => slot.shareId),
          taken.map(({ slot }) => slot.at),
        ],
      );
    }
  }
}
