import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every saved set of badge rules, kept as a numbered version beside the one in effect
 * (`badge_rules`), so admins can see what changed, when and by whom. Rules saved before this
 * migration become version 1 of their tenant.
 */
export class BadgeRuleVersions1765700000000 implements MigrationInterface {
  name = 'BadgeRuleVersions1765700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE leaderboard.badge_rule_versions (
        tenant_id text NOT NULL,
        version int NOT NULL CHECK (version > 0),
        rules jsonb NOT NULL,
        saved_by text NOT NULL,
        saved_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, version)
      )`);
    await runner.query(`
      INSERT INTO leaderboard.badge_rule_versions (tenant_id, version, rules, saved_by, saved_at)
      SELECT tenant_id, 1, rules, 'before versions', updated_at FROM leaderboard.badge_rules`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS leaderboard.badge_rule_versions`);
  }
}
