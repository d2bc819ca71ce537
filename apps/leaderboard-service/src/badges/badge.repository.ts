import { Injectable } from '@nestjs/common';
import { BadgeRules } from '@advocacy/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { Award, Counters, DEFAULT_BADGE_RULES } from './badge.rules';

export interface AwardedBadge {
  badgeId: string;
  level: string | null;
  name: string;
  reason: string;
  period: string | null;
  awardedAt: string;
}

/** Badge rules, advocate counters, awards, period closes and HERO status in the `leaderboard` schema. */
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

  async setRules(tenantId: string, rules: BadgeRules, now: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO leaderboard.badge_rules (tenant_id, rules, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET rules = EXCLUDED.rules, updated_at = EXCLUDED.updated_at`,
      [tenantId, JSON.stringify(rules), now],
    );
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

  /** Inserts the award unless this employee already holds that badge level (for that period). */
  async award(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    award: Award,
    now: Date,
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `INSERT INTO leaderboard.badge_awards (tenant_id, employee_id, badge_id, level, period, name, reason, awarded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT DO NOTHING
       RETURNING 1`,
      [tenantId, employeeId, award.badgeId, award.level ?? '', award.period, award.name, award.reason, now],
    );
    return rows.length === 1;
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

  async goldHolders(manager: EntityManager, tenantId: string): Promise<string[]> {
    const rows = await manager.query<{ employee_id: string }[]>(
      `SELECT DISTINCT employee_id FROM leaderboard.badge_awards WHERE tenant_id = $1 AND level = 'gold'`,
      [tenantId],
    );
    return rows.map((row) => row.employee_id);
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

  async heroes(manager: EntityManager, tenantId: string, period: string): Promise<string[]> {
    const rows = await manager.query<{ employee_id: string }[]>(
      `SELECT employee_id FROM leaderboard.hero_status WHERE tenant_id = $1 AND period = $2`,
      [tenantId, period],
    );
    return rows.map((row) => row.employee_id);
  }

  async addHero(
    manager: EntityManager,
    tenantId: string,
    period: string,
    employeeId: string,
    reason: string,
  ) {
    await manager.query(
      `INSERT INTO leaderboard.hero_status (tenant_id, period, employee_id, reason) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [tenantId, period, employeeId, reason],
    );
  }
}
