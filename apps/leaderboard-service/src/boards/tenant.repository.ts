import { Injectable } from '@nestjs/common';
import { DEFAULT_TIME_ZONE } from '@advocacy/platform';
import { DataSource } from 'typeorm';

const CACHE_MS = 30_000;

export interface AdvocateProfile {
  employeeId: string;
  displayName: string;
  teamId: string | null;
}

/** Tenants the service has seen and their time zone (cached briefly: replicas converge within 30 s). */
/** An admin hid the employee, or the directory deactivated them. */
export type HiddenReason = 'admin' | 'deactivated';

@Injectable()
export class TenantRepository {
  private readonly known = new Set<string>();
  private readonly zones = new Map<string, { zone: string; until: number }>();

  constructor(private readonly dataSource: DataSource) {}

  async remember(tenantId: string, now: Date): Promise<void> {
    if (this.known.has(tenantId)) return;
    await this.dataSource.query(
      `INSERT INTO leaderboard.tenants (tenant_id, first_seen_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [tenantId, now],
    );
    this.known.add(tenantId);
  }

  async timeZone(tenantId: string): Promise<string> {
    const cached = this.zones.get(tenantId);
    if (cached && cached.until > Date.now()) return cached.zone;
    const rows = await this.dataSource.query<{ time_zone: string }[]>(
      `SELECT time_zone FROM leaderboard.tenants WHERE tenant_id = $1`,
      [tenantId],
    );
    const zone = rows[0]?.time_zone ?? DEFAULT_TIME_ZONE;
    this.zones.set(tenantId, { zone, until: Date.now() + CACHE_MS });
    return zone;
  }

  async setTimeZone(tenantId: string, zone: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO leaderboard.tenants (tenant_id, time_zone, first_seen_at) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET time_zone = EXCLUDED.time_zone`,
      [tenantId, zone, now],
    );
    this.zones.set(tenantId, { zone, until: Date.now() + CACHE_MS });
  }

  async all(): Promise<{ tenantId: string; timeZone: string; firstSeenAt: Date }[]> {
    const rows = await this.dataSource.query<{ tenant_id: string; time_zone: string; first_seen_at: Date }[]>(
      `SELECT tenant_id, time_zone, first_seen_at FROM leaderboard.tenants ORDER BY tenant_id`,
    );
    return rows.map((row) => ({
      tenantId: row.tenant_id,
      timeZone: row.time_zone,
      firstSeenAt: row.first_seen_at,
    }));
  }

  async hidden(tenantId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ employee_id: string }[]>(
      `SELECT employee_id FROM leaderboard.hidden_employees WHERE tenant_id = $1`,
      [tenantId],
    );
    return rows.map((row) => row.employee_id);
  }

  /** Why the employee is hidden, or null when they are on the boards. */
  async hiddenReason(tenantId: string, employeeId: string): Promise<HiddenReason | null> {
    const rows = await this.dataSource.query<{ reason: HiddenReason }[]>(
      'SELECT reason FROM leaderboard.hidden_employees WHERE tenant_id = $1 AND employee_id = $2',
      [tenantId, employeeId],
    );
    return rows[0]?.reason ?? null;
  }

  async setHidden(
    tenantId: string,
    employeeId: string,
    hidden: boolean,
    now: Date,
    reason: HiddenReason = 'admin',
  ): Promise<void> {
    if (hidden) {
      await this.dataSource.query(
        `INSERT INTO leaderboard.hidden_employees (tenant_id, employee_id, hidden_at, reason) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [tenantId, employeeId, now, reason],
      );
    } else {
      await this.dataSource.query(
        `DELETE FROM leaderboard.hidden_employees WHERE tenant_id = $1 AND employee_id = $2`,
        [tenantId, employeeId],
      );
    }
  }

  async saveProfile(tenantId: string, profile: AdvocateProfile, now: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO leaderboard.advocate_profiles (tenant_id, employee_id, display_name, team_id, updated_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (tenant_id, employee_id) DO UPDATE SET
         display_name = EXCLUDED.display_name, team_id = EXCLUDED.team_id, updated_at = EXCLUDED.updated_at`,
      [tenantId, profile.employeeId, profile.displayName, profile.teamId, now],
    );
  }

  /** Members per team: advocates whose latest profile names it. */
  async teamSizes(tenantId: string): Promise<Map<string, number>> {
    const rows = await this.dataSource.query<{ team_id: string; members: number }[]>(
      `SELECT team_id, count(*)::int AS members FROM leaderboard.advocate_profiles
        WHERE tenant_id = $1 AND team_id IS NOT NULL GROUP BY team_id`,
      [tenantId],
    );
    return new Map(rows.map((row) => [row.team_id, row.members]));
  }

  async profiles(tenantId: string): Promise<AdvocateProfile[]> {
    const rows = await this.dataSource.query<
      { employee_id: string; display_name: string; team_id: string | null }[]
    >(`SELECT employee_id, display_name, team_id FROM leaderboard.advocate_profiles WHERE tenant_id = $1`, [
      tenantId,
    ]);
    return rows.map((row) => ({
      employeeId: row.employee_id,
      displayName: row.display_name,
      teamId: row.team_id,
    }));
  }
}
