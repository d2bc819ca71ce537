import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * HERO status is decided by the coaching service now; this schema keeps only its projection (who
 * is an active HERO, since when and why) for board flags and the badge answer.
 */
export class HeroProjection1764979200000 implements MigrationInterface {
  name = 'HeroProjection1764979200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE leaderboard.heroes (
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        basis text NOT NULL,
        reason text NOT NULL,
        since timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, employee_id)
      )`);
    await runner.query(`DROP TABLE IF EXISTS leaderboard.hero_status`);
    await runner.query(`UPDATE leaderboard.badge_rules SET rules = rules - 'hero' WHERE rules ? 'hero'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS leaderboard.heroes`);
    await runner.query(`
      CREATE TABLE IF NOT EXISTS leaderboard.hero_status (
        tenant_id text NOT NULL,
        period text NOT NULL,
        employee_id text NOT NULL,
        reason text NOT NULL,
        PRIMARY KEY (tenant_id, period, employee_id)
      )`);
  }
}
