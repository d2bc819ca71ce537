import { Injectable } from '@nestjs/common';
import { BadgeRules } from '@advocacy/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { advocateKey, CounterDelta } from './badge.batch';
import { Award, Counters, DEFAULT_BADGE_RULES } from './badge.rules';
import { groupBy } from '@advocacy/platform';

/** Identifies one award row: the primary key of `badge_awards`. */
export const awardKey = (a: {
  tenantId: string;
  employeeId: string;
  award: Pick<Award, 'badgeId' | 'level' | 'period'>;
}) => [a.tenantId, a.employeeId, a.award.badgeId, a.award.level ?? '', a.award.period].join('\u0000');

const shareWeekKey = (r: { tenantId: string; employeeId: string; week: string }) =>
  [r.tenantId, r.employeeId, r.week].join('\u0000');

const compareKeys = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface AwardedBadge {
  badgeId: string;
  level: string | null;
  name: string;
  reason: string;
  period: string | null;
  awardedAt: string;
}

/** Badge rules, advocate counters, awards and period closes in the `leaderboard` schema. */
@Injectable()
export class BadgeRepository {
  constructor(private readonly dataSource: DataSource) {}

  async rules(tenantId: string, manager: EntityManager = this.dataSource.manager): Promise<BadgeRules> {
    const rows = await manager.query<{ rules: BadgeRules }[]>(
      `SELECT rules FROM leaderboard.badge_rules WHERE tenant_id = $1`,
      [tenantId],
    );
    return rows[0]?.rules ?? DEFAULT_BADGE_RULES;
  }

  /** Puts the rules in effect and keeps them as the tenant's next version, in one transaction. */
  async setRules(tenantId: string, rules: BadgeRules, now: Date, savedBy: string): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO leaderboard.badge_rules (tenant_id, rules, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id) DO UPDATE SET rules = EXCLUDED.rules, updated_at = EXCLUDED.updated_at`,
        [tenantId, JSON.stringify(rules), now],
      );
      // the upsert's row lock serialises savers of one tenant: versions never collide
      const [row] = await manager.query<{ version: number }[]>(
        `INSERT INTO leaderboard.badge_rule_versions (tenant_id, version, rules, saved_by, saved_at)
         SELECT $1, coalesce(max(version), 0) + 1, $2::jsonb, $3, $4
           FROM leaderboard.badge_rule_versions WHERE tenant_id = $1
         RETURNING version`,
        [tenantId, JSON.stringify(rules), savedBy, now],
      );
      return row.version;
    });
  }

  /** The tenant's latest badge rule versions, newest first. */
  async ruleVersions(
    tenantId: string,
    limit: number,
  ): Promise<{ version: number; rules: BadgeRules; savedBy: string; savedAt: Date }[]> {
    const rows = await this.dataSource.query<
      { version: number; rules: BadgeRules; saved_by: string; saved_at: Date }[]
    >(
      `SELECT version, rules, saved_by, saved_at FROM leaderboard.badge_rule_versions
        WHERE tenant_id = $1 ORDER BY version DESC LIMIT $2`,
      [tenantId, limit],
    );
    return rows.map((row) => ({
      version: row.version,
      rules: row.rules,
      savedBy: row.saved_by,
      savedAt: row.saved_at,
    }));
  }

  async addToCounters(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    delta: Counters,
  ): Promise<Counters> {
    const [row] = await manager.query<{ shares: number; human_clicks: number; points: string }[]>(
      `INSERT INTO leaderboard.advocate_counters AS c (tenant_id, employee_id, shares, human_clicks, points)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, employee_id) DO UPDATE SET
         shares = c.shares + EXCLUDED.shares,
         human_clicks = c.human_clicks + EXCLUDED.human_clicks,
         points = c.points + EXCLUDED.points
       RETURNING shares, human_clicks, points`,
      [tenantId, employeeId, delta.shares, delta.humanClicks, delta.points],
    );
    return { shares: row.shares, humanClicks: row.human_clicks, points: Number(row.points) };
  }

  /**
   * Adds a batch's counter changes in one multi-row upsert and returns the totals, keyed by
   * `advocateKey`. Rows are written in the order given (`sumCounterDeltas` sorts them), so
   * concurrent batches lock shared rows in the same order.
   */
  async addToCountersMany(
    manager: EntityManager,
    deltas: readonly CounterDelta[],
  ): Promise<Map<string, Counters>> {
    const totals = new Map<string, Counters>();
    if (deltas.length === 0) return totals;
    const rows = await manager.query<
      { tenant_id: string; employee_id: string; shares: number; human_clicks: number; points: string }[]
    >(
      `INSERT INTO leaderboard.advocate_counters AS c (tenant_id, employee_id, shares, human_clicks, points)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::bigint[])
       ON CONFLICT (tenant_id, employee_id) DO UPDATE SET
         shares = c.shares + EXCLUDED.shares,
         human_clicks = c.human_clicks + EXCLUDED.human_clicks,
         points = c.points + EXCLUDED.points
       RETURNING tenant_id, employee_id, shares, human_clicks, points`,
      [
        deltas.map((d) => d.tenantId),
        deltas.map((d) => d.employeeId),
        deltas.map((d) => d.delta.shares),
        deltas.map((d) => d.delta.humanClicks),
        deltas.map((d) => d.delta.points),
      ],
    );
    for (const row of rows) {
      totals.set(advocateKey(row.tenant_id, row.employee_id), {
        shares: row.shares,
        humanClicks: row.human_clicks,
        points: Number(row.points),
      });
    }
    return totals;
  }

  /** The weeks each advocate has shared in so far (latest 300 each), keyed by `advocateKey`. */
  async shareWeeksOf(
    manager: EntityManager,
    advocates: readonly { tenantId: string; employeeId: string }[],
  ): Promise<Map<string, string[]>> {
    const weeks = new Map<string, string[]>();
    if (advocates.length === 0) return weeks;
    const rows = await manager.query<{ tenant_id: string; employee_id: string; week: string }[]>(
      `SELECT a.tenant_id, a.employee_id, w.week
       FROM unnest($1::text[], $2::text[]) AS a(tenant_id, employee_id)
       CROSS JOIN LATERAL (
         SELECT week FROM leaderboard.share_weeks s
         WHERE s.tenant_id = a.tenant_id AND s.employee_id = a.employee_id
         ORDER BY week DESC LIMIT 300
       ) AS w`,
      [advocates.map((a) => a.tenantId), advocates.map((a) => a.employeeId)],
    );
    for (const [key, group] of groupBy(rows, (row) => advocateKey(row.tenant_id, row.employee_id)))
      weeks.set(
        key,
        group.map((row) => row.week),
      );
    return weeks;
  }

  /** Records share weeks in one statement, in (tenant, employee, week) order. */
  async addShareWeeks(
    manager: EntityManager,
    rows: readonly { tenantId: string; employeeId: string; week: string }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    const sorted = [...rows].sort((a, b) => compareKeys(shareWeekKey(a), shareWeekKey(b)));
    await manager.query(
      `INSERT INTO leaderboard.share_weeks (tenant_id, employee_id, week)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT DO NOTHING`,
      [sorted.map((r) => r.tenantId), sorted.map((r) => r.employeeId), sorted.map((r) => r.week)],
    );
  }

  /**
   * Inserts several awards at once (in key order) unless the employee already holds that badge
   * level for that period; returns the keys (`awardKey`) of the ones that are new.
   */
  async awardMany(
    manager: EntityManager,
    awards: readonly { tenantId: string; employeeId: string; award: Award }[],
    now: Date,
  ): Promise<Set<string>> {
    if (awards.length === 0) return new Set();
    const sorted = [...awards].sort((a, b) => compareKeys(awardKey(a), awardKey(b)));
    const rows = await manager.query<
      { tenant_id: string; employee_id: string; badge_id: string; level: string; period: string }[]
    >(
      `INSERT INTO leaderboard.badge_awards (tenant_id, employee_id, badge_id, level, period, name, reason, awarded_at)
       SELECT t, e, b, l, p, n, r, $8 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
                                               $6::text[], $7::text[]) AS a(t, e, b, l, p, n, r)
       ON CONFLICT DO NOTHING
       RETURNING tenant_id, employee_id, badge_id, level, period`,
      [
        sorted.map((a) => a.tenantId),
        sorted.map((a) => a.employeeId),
        sorted.map((a) => a.award.badgeId),
        sorted.map((a) => a.award.level ?? ''),
        sorted.map((a) => a.award.period),
        sorted.map((a) => a.award.name),
        sorted.map((a) => a.award.reason),
        now,
      ],
    );
    return new Set(
      rows.map((row) =>
        awardKey({
          tenantId: row.tenant_id,
          employeeId: row.employee_id,
          award: { badgeId: row.badge_id, level: (row.level || null) as Award['level'], period: row.period },
        }),
      ),
    );
  }

  async shareWeeks(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    week: string,
  ): Promise<string[]> {
    await manager.query(
      `INSERT INTO leaderboard.share_weeks (tenant_id, employee_id, week) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [tenantId, employeeId, week],
    );
    const rows = await manager.query<{ week: string }[]>(
      `SELECT week FROM leaderboard.share_weeks WHERE tenant_id = $1 AND employee_id = $2 ORDER BY week DESC LIMIT 300`,
      [tenantId, employeeId],
    );
    return rows.map((row) => row.week);
  }

  async awards(tenantId: string, employeeId: string): Promise<AwardedBadge[]> {
    const rows = await this.dataSource.query<
      { badge_id: string; level: string; name: string; reason: string; period: string; awarded_at: Date }[]
    >(
      `SELECT badge_id, level, name, reason, period, awarded_at FROM leaderboard.badge_awards
       WHERE tenant_id = $1 AND employee_id = $2 ORDER BY awarded_at, badge_id, level`,
      [tenantId, employeeId],
    );
    return rows.map((row) => ({
      badgeId: row.badge_id,
      level: row.level === '' ? null : row.level,
      name: row.name,
      reason: row.reason,
      period: row.period === '' ? null : row.period,
      awardedAt: row.awarded_at.toISOString(),
    }));
  }

  async closedPeriods(tenantId: string): Promise<Set<string>> {
    const rows = await this.dataSource.query<{ kind: string; period: string }[]>(
      `SELECT kind, period FROM leaderboard.period_closes WHERE tenant_id = $1`,
      [tenantId],
    );
    return new Set(rows.map((row) => `${row.kind}:${row.period}`));
  }

  /**
   * Claims one tenant's period for closing. Concurrent claimers block on the primary key until the
   * first commits, then get nothing: the work and its events happen in exactly one transaction.
   */
  async claimPeriod(
    manager: EntityManager,
    tenantId: string,
    kind: 'week' | 'month',
    period: string,
    now: Date,
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO leaderboard.period_closes (tenant_id, kind, period, closed_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [tenantId, kind, period, now],
    );
    return rows.length === 1;
  }
}
