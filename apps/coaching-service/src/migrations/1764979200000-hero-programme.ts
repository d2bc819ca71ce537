import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The HERO programme moves into coaching: nominations and the rolling-window rule decide HERO status
 * here (it used to be a month-close result of the leaderboard), so the tables carry the basis, the
 * grace period and a per-day activity projection the rule sums over.
 */
export class HeroProgramme1764979200000 implements MigrationInterface {
  name = 'HeroProgramme1764979200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE coaching.heroes
        ADD COLUMN basis text NOT NULL DEFAULT 'rule' CHECK (basis IN ('nominated', 'rule')),
        ADD COLUMN reason text NOT NULL DEFAULT '',
        ADD COLUMN below_since timestamptz,
        ADD COLUMN removed_at timestamptz,
        ADD COLUMN nominated_by text`);
    await runner.query(`ALTER TABLE coaching.hero_history ADD COLUMN basis text, ADD COLUMN actor text`);
    await runner.query(`
      ALTER TABLE coaching.settings
        ADD COLUMN unassigned_alert_hours integer,
        ADD COLUMN hero_rule jsonb`);
    // One row per advocate and UTC day: the rolling window is a range scan over the primary key.
    await runner.query(`
      CREATE TABLE coaching.activity_daily (
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        day date NOT NULL,
        points integer NOT NULL DEFAULT 0,
        shares integer NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, employee_id, day)
      )`);
    await runner.query(`CREATE INDEX activity_daily_tenant_day ON coaching.activity_daily (tenant_id, day)`);
    await runner.query(`ALTER TABLE coaching.assignments ADD COLUMN alerted_at timestamptz`);
    await runner.query(
      `CREATE INDEX assignments_waiting ON coaching.assignments (created_at) WHERE state = 'unassigned'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX IF EXISTS coaching.assignments_waiting`);
    await runner.query(`ALTER TABLE coaching.assignments DROP COLUMN IF EXISTS alerted_at`);
    await runner.query(`DROP TABLE IF EXISTS coaching.activity_daily`);
    await runner.query(
      `ALTER TABLE coaching.settings DROP COLUMN IF EXISTS unassigned_alert_hours, DROP COLUMN IF EXISTS hero_rule`,
    );
    await runner.query(
      `ALTER TABLE coaching.hero_history DROP COLUMN IF EXISTS basis, DROP COLUMN IF EXISTS actor`,
    );
    await runner.query(
      `ALTER TABLE coaching.heroes DROP COLUMN IF EXISTS basis, DROP COLUMN IF EXISTS reason,
         DROP COLUMN IF EXISTS below_since, DROP COLUMN IF EXISTS removed_at, DROP COLUMN IF EXISTS nominated_by`,
    );
  }
}
