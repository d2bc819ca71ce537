import { Injectable } from '@nestjs/common';
import { TenantSettingsProjection } from '@advocacy/messaging';
import { TenantCalendar } from '@advocacy/platform';
import { DataSource } from 'typeorm';

export interface AdvocateProfile {
  employeeId: string;
  displayName: string;
  teamId: string | null;
}

/** Tenants the service has seen; their calendar comes from the projected tenant settings. */
/** An admin hid the employee, or the directory deactivated them. */
export type HiddenReason = 'admin' | 'deactivated';

@Injectable()
export class TenantRepository {
  private readonly known = new Set<string>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: TenantSettingsProjection,
  ) {}

  async remember(tenantId: string, now: Date): Promise<void> {
    if (this.known.has(tenantId)) return;
    await this.dataSource.query(
      `INSERT INTO leaderboard.tenants (tenant_id, first_seen_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [tenantId, now],
    );
    this.known.add(tenantId);
  }

  /** The tenant's time zone and week start (`tenant.v1`), which every board period follows. */
  calendar(tenantId: string): Promise<TenantCalendar> {
    return this.settings.get(tenantId);
  }

  async all(): Promise<{ tenantId: string; firstSeenAt: Date }[]> {
    const rows = await this.dataSource.query<{ tenant_id: string; first_seen_at: Date }[]>(
      `SELECT tenant_id, first_seen_at FROM leaderboard.tenants ORDER BY tenant_id`,
    );
    return rows.map((row) => ({ tenantId: row.tenant_id, firstSeenAt: row.first_seen_at }));
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
