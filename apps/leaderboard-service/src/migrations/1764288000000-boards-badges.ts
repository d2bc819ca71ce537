import { MigrationInterface, QueryRunner } from 'typeorm';

/** Tenant settings, hidden advocates, badge rules, counters, awards, period closes and HERO status. */
export class BoardsBadges1764288000000 implements MigrationInterface {
  name = 'BoardsBadges1764288000000';

  async up(runner: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE leaderboard.tenants (
         tenant_id text PRIMARY KEY,
         time_zone text NOT NULL DEFAULT 'Europe/Amsterdam',
         first_seen_at timestamptz NOT NULL
       )`,
      `CREATE TABLE leaderboard.hidden_employees (
         tenant_id text NOT NULL,
         employee_id text NOT NULL,
         hidden_at timestamptz NOT NULL,
         PRIMARY KEY (tenant_id, employee_id)
       )`,
      `CREATE TABLE leaderboard.badge_rules (
         tenant_id text PRIMARY KEY,
         rules jsonb NOT NULL,
         updated_at timestamptz NOT NULL
       )`,
      `CREATE TABLE leaderboard.advocate_counters (
         tenant_id text NOT NULL,
         employee_id text NOT NULL,
         shares integer NOT NULL DEFAULT 0,
         human_clicks integer NOT NULL DEFAULT 0,
         points bigint NOT NULL DEFAULT 0,
         PRIMARY KEY (tenant_id, employee_id)
       )`,
      `CREATE TABLE leaderboard.share_weeks (
         tenant_id text NOT NULL,
         employee_id text NOT NULL,
         week text NOT NULL,
         PRIMARY KEY (tenant_id, employee_id, week)
       )`,
      // period is '' for badges earned once; rank badges (HERO of the week, Team champion) can be
      // won again in another period, so the period is part of what makes an award unique.
      `CREATE TABLE leaderboard.badge_awards (
         tenant_id text NOT NULL,
         employee_id text NOT NULL,
         badge_id text NOT NULL,
         level text NOT NULL DEFAULT '',
         period text NOT NULL DEFAULT '',
         name text NOT NULL,
         reason text NOT NULL,
         awarded_at timestamptz NOT NULL,
         PRIMARY KEY (tenant_id, employee_id, badge_id, level, period)
       )`,
      `CREATE TABLE leaderboard.period_closes (
         tenant_id text NOT NULL,
         kind text NOT NULL CHECK (kind IN ('week', 'month')),
         period text NOT NULL,
         closed_at timestamptz NOT NULL,
         PRIMARY KEY (tenant_id, kind, period)
       )`,
      `CREATE TABLE leaderboard.hero_status (
         tenant_id text NOT NULL,
         period text NOT NULL,
         employee_id text NOT NULL,
         reason text NOT NULL,
         PRIMARY KEY (tenant_id, period, employee_id)
       )`,
    ];
    for (const statement of statements) await runner.query(statement);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `DROP TABLE IF EXISTS leaderboard.hero_status, leaderboard.period_closes, leaderboard.badge_awards,
         leaderboard.share_weeks, leaderboard.advocate_counters, leaderboard.badge_rules,
         leaderboard.hidden_employees, leaderboard.tenants`,
    );
  }
}
