import { Injectable } from '@nestjs/common';
import { AssignmentState, HeroBasis } from '@advocacy/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { HeroState, Standing } from './hero.rules';

interface HeroRow {
  employee_id: string;
  display_name: string | null;
  status: 'active' | 'lapsed';
  basis: HeroBasis;
  reason: string;
  since: Date;
  lapsed_at: Date | null;
  below_since: Date | null;
  removed_at: Date | null;
  coach_id: string | null;
  state: AssignmentState | null;
}

export interface HeroRecord extends HeroState {
  employeeId: string;
  displayName: string | null;
  reason: string;
  since: Date | null;
  lapsedAt: Date | null;
  coachId: string | null;
  assignmentState: AssignmentState | null;
}

export interface ActivityDelta {
  tenantId: string;
  employeeId: string;
  teamId: string | null;
  day: string;
  points: number;
  shares: number;
}

const NOBODY: Omit<HeroRecord, 'employeeId'> = {
  displayName: null,
  status: 'none',
  basis: null,
  reason: '',
  since: null,
  lapsedAt: null,
  belowSince: null,
  removedAt: null,
  coachId: null,
  assignmentState: null,
};

const toRecord = (row: HeroRow): HeroRecord => ({
  employeeId: row.employee_id,
  displayName: row.display_name,
  status: row.status,
  basis: row.basis,
  reason: row.reason,
  since: row.since,
  lapsedAt: row.lapsed_at,
  belowSince: row.below_since,
  removedAt: row.removed_at,
  coachId: row.coach_id,
  assignmentState: row.state,
});

const SELECT_HEROES = `
  SELECT h.employee_id, adv.display_name, h.status, h.basis, h.reason, h.since, h.lapsed_at, h.below_since,
         h.removed_at, open.coach_id, open.state
    FROM coaching.heroes h
    LEFT JOIN coaching.advocates adv ON adv.tenant_id = h.tenant_id AND adv.employee_id = h.employee_id
    LEFT JOIN coaching.assignments open ON open.tenant_id = h.tenant_id AND open.employee_id = h.employee_id
          AND open.state IN ('unassigned', 'proposed', 'accepted')`;

/** HERO status, its history and the per-day activity the rolling rule sums over. */
@Injectable()
export class HeroRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every HERO with their open assignment (any kind), active ones first. */
  async list(tenantId: string): Promise<HeroRecord[]> {
    const rows = await this.dataSource.query<HeroRow[]>(
      `${SELECT_HEROES} WHERE h.tenant_id = $1 ORDER BY h.status, h.since DESC, h.employee_id LIMIT 1000`,
      [tenantId],
    );
    return rows.map(toRecord);
  }

  async find(manager: EntityManager, tenantId: string, employeeId: string): Promise<HeroRecord> {
    const [row] = await manager.query<HeroRow[]>(
      `${SELECT_HEROES} WHERE h.tenant_id = $1 AND h.employee_id = $2`,
      [tenantId, employeeId],
    );
    return row ? toRecord(row) : { ...NOBODY, employeeId };
  }

  async states(manager: EntityManager, tenantId: string, employeeIds: readonly string[]) {
    const rows = await manager.query<HeroRow[]>(
      `${SELECT_HEROES} WHERE h.tenant_id = $1 AND h.employee_id = ANY($2)`,
      [tenantId, employeeIds],
    );
    return new Map(rows.map((row) => [row.employee_id, toRecord(row)]));
  }

  /**
   * Window sums of points and shares from `fromDay` on. With `employeeIds`: those advocates, and with
   * `withTeammates` everyone in their teams too (a team rank can move without the teammate's own
   * activity); without: every advocate of the tenant.
   */
  async standings(
    manager: EntityManager,
    tenantId: string,
    fromDay: string,
    employeeIds: readonly string[] | null,
    withTeammates: boolean,
  ): Promise<Standing[]> {
    const rows = await manager.query<
      { employee_id: string; team_id: string | null; points: number; shares: number }[]
    >(
      `WITH scope AS (
         SELECT a.employee_id, a.team_id FROM coaching.advocates a
          WHERE a.tenant_id = $1 AND a.active
            AND ($3::text[] IS NULL OR a.employee_id = ANY($3) OR ($4::boolean AND a.team_id IN (
                  SELECT t.team_id FROM coaching.advocates t
                   WHERE t.tenant_id = $1 AND t.employee_id = ANY($3) AND t.team_id IS NOT NULL)))
       )
       SELECT s.employee_id, s.team_id,
              COALESCE(sum(d.points), 0)::int AS points, COALESCE(sum(d.shares), 0)::int AS shares
         FROM scope s
         LEFT JOIN coaching.activity_daily d
                ON d.tenant_id = $1 AND d.employee_id = s.employee_id AND d.day >= $2::date
        GROUP BY s.employee_id, s.team_id
        ORDER BY s.employee_id`,
      [tenantId, fromDay, employeeIds, withTeammates],
    );
    return rows.map((row) => ({
      employeeId: row.employee_id,
      teamId: row.team_id,
      points: row.points,
      shares: row.shares,
    }));
  }

  /** Adds a batch's points and shares to their days; rows in a fixed order so batches never deadlock. */
  async addActivity(manager: EntityManager, deltas: readonly ActivityDelta[]): Promise<void> {
    const sums = new Map<string, ActivityDelta>();
    for (const delta of deltas) {
      const key = `${delta.tenantId}\u0000${delta.employeeId}\u0000${delta.day}`;
      const known = sums.get(key);
      if (known) {
        known.points += delta.points;
        known.shares += delta.shares;
        known.teamId = known.teamId ?? delta.teamId;
      } else sums.set(key, { ...delta });
    }
    const rows = [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO coaching.activity_daily (tenant_id, employee_id, day, points, shares)
       SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::int[], $5::int[])
       ON CONFLICT (tenant_id, employee_id, day) DO UPDATE
         SET points = coaching.activity_daily.points + EXCLUDED.points,
             shares = coaching.activity_daily.shares + EXCLUDED.shares`,
      [
        rows.map((row) => row.tenantId),
        rows.map((row) => row.employeeId),
        rows.map((row) => row.day),
        rows.map((row) => row.points),
        rows.map((row) => row.shares),
      ],
    );
  }

  /** Makes an advocate an active HERO; `since` is kept while they stay active. */
  async activate(
    manager: EntityManager,
    hero: {
      tenantId: string;
      employeeId: string;
      basis: HeroBasis;
      reason: string;
      by: string | null;
      at: Date;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO coaching.heroes (tenant_id, employee_id, status, since, basis, reason, nominated_by)
       VALUES ($1, $2, 'active', $3, $4, $5, $6)
       ON CONFLICT (tenant_id, employee_id) DO UPDATE
         SET since = CASE WHEN coaching.heroes.status = 'active' THEN coaching.heroes.since ELSE $3 END,
             status = 'active', lapsed_at = NULL, below_since = NULL, basis = $4, reason = $5,
             nominated_by = $6`,
      [hero.tenantId, hero.employeeId, hero.at, hero.basis, hero.reason, hero.by],
    );
  }

  async setBelowSince(manager: EntityManager, tenantId: string, employeeId: string, at: Date | null) {
    await manager.query(
      `UPDATE coaching.heroes SET below_since = $3 WHERE tenant_id = $1 AND employee_id = $2`,
      [tenantId, employeeId, at],
    );
  }

  async lapse(
    manager: EntityManager,
    hero: { tenantId: string; employeeId: string; reason: string; removed: boolean; at: Date },
  ): Promise<void> {
    await manager.query(
      `UPDATE coaching.heroes
          SET status = 'lapsed', lapsed_at = $3, below_since = NULL, reason = $4,
              removed_at = CASE WHEN $5 THEN $3 ELSE removed_at END
        WHERE tenant_id = $1 AND employee_id = $2 AND status = 'active'`,
      [hero.tenantId, hero.employeeId, hero.at, hero.reason, hero.removed],
    );
  }

  async history(
    manager: EntityManager,
    entry: {
      tenantId: string;
      employeeId: string;
      event: 'qualified' | 'lapsed' | 'nominated';
      period: string;
      basis: HeroBasis | null;
      reason: string;
      actor: string;
      at: Date;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO coaching.hero_history (tenant_id, employee_id, event, period, reason, at, basis, actor)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        entry.tenantId,
        entry.employeeId,
        entry.event,
        entry.period,
        entry.reason,
        entry.at,
        entry.basis,
        entry.actor,
      ],
    );
  }

  /** Tenants the periodic evaluation must look at: recent activity, or rule HEROs who may lapse. */
  async tenantsToEvaluate(fromDay: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ tenant_id: string }[]>(
      `SELECT tenant_id FROM coaching.heroes WHERE status = 'active' AND basis = 'rule'
       UNION SELECT DISTINCT tenant_id FROM coaching.activity_daily WHERE day >= $1::date
       ORDER BY tenant_id`,
      [fromDay],
    );
    return rows.map((row) => row.tenant_id);
  }

  async displayName(manager: EntityManager, tenantId: string, employeeId: string): Promise<string | null> {
    const [row] = await manager.query<{ display_name: string | null }[]>(
      `SELECT display_name FROM coaching.advocates WHERE tenant_id = $1 AND employee_id = $2
       UNION ALL SELECT display_name FROM coaching.coaches WHERE tenant_id = $1 AND employee_id = $2
       LIMIT 1`,
      [tenantId, employeeId],
    );
    return row?.display_name ?? null;
  }
}
