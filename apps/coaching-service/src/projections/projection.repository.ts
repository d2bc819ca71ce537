import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface ProfileUpdate {
  tenantId: string;
  employeeId: string;
  displayName: string;
  teamId: string | null;
  language: string;
  topics: string[];
  at: string;
}

@Injectable()
export class ProjectionRepository {
  async upsertProfile(manager: EntityManager, profile: ProfileUpdate): Promise<void> {
    await manager.query(
      `INSERT INTO coaching.advocates (tenant_id, employee_id, display_name, team_id, language, topics, first_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (tenant_id, employee_id) DO UPDATE
         SET display_name = $3, team_id = $4, language = $5, topics = $6,
             first_seen_at = LEAST(coaching.advocates.first_seen_at, $7)`,
      [
        profile.tenantId,
        profile.employeeId,
        profile.displayName,
        profile.teamId,
        profile.language,
        profile.topics,
        profile.at,
      ],
    );
  }

  /** A share ends the current inactivity spell unless it is older than the nudge (a late delivery). */
  async recordShare(
    manager: EntityManager,
    share: { tenantId: string; employeeId: string; teamId: string | null; at: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO coaching.advocates (tenant_id, employee_id, team_id, first_seen_at, last_share_at)
       VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (tenant_id, employee_id) DO UPDATE
         SET last_share_at = GREATEST(coaching.advocates.last_share_at, $4),
             team_id = COALESCE(coaching.advocates.team_id, $3),
             nudged_at = CASE WHEN $4 > coaching.advocates.nudged_at THEN NULL ELSE coaching.advocates.nudged_at END,
             escalated_at = CASE WHEN $4 > coaching.advocates.nudged_at THEN NULL ELSE coaching.advocates.escalated_at END`,
      [share.tenantId, share.employeeId, share.teamId, share.at],
    );
  }

  async addPoints(
    manager: EntityManager,
    entry: { tenantId: string; employeeId: string; week: string; points: number },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO coaching.points_weekly (tenant_id, employee_id, week, points) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, employee_id, week) DO UPDATE SET points = coaching.points_weekly.points + $4`,
      [entry.tenantId, entry.employeeId, entry.week, entry.points],
    );
  }

  /** Enrols (or re-enrols) a HERO; `since` is kept while they stay active. */
  async heroQualified(
    manager: EntityManager,
    hero: { tenantId: string; employeeId: string; period: string; reason: string; at: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO coaching.heroes (tenant_id, employee_id, status, since) VALUES ($1, $2, 'active', $3)
       ON CONFLICT (tenant_id, employee_id) DO UPDATE
         SET since = CASE WHEN coaching.heroes.status = 'active' THEN coaching.heroes.since ELSE $3 END,
             status = 'active', lapsed_at = NULL`,
      [hero.tenantId, hero.employeeId, hero.at],
    );
    await this.history(manager, 'qualified', hero);
  }

  async heroLapsed(
    manager: EntityManager,
    hero: { tenantId: string; employeeId: string; period: string; reason: string; at: string },
  ): Promise<void> {
    await manager.query(
      `UPDATE coaching.heroes SET status = 'lapsed', lapsed_at = $3
        WHERE tenant_id = $1 AND employee_id = $2 AND status = 'active'`,
      [hero.tenantId, hero.employeeId, hero.at],
    );
    await this.history(manager, 'lapsed', hero);
  }

  private async history(
    manager: EntityManager,
    event: 'qualified' | 'lapsed',
    hero: { tenantId: string; employeeId: string; period: string; reason: string; at: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO coaching.hero_history (tenant_id, employee_id, event, period, reason, at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [hero.tenantId, hero.employeeId, event, hero.period, hero.reason, hero.at],
    );
  }
}
