import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tenant's role goals, projected from `advocate.roles-updated` (content owns the roles): the
 * inactivity scan judges each advocate against their role's goal. No rows: the default roles.
 */
export class RoleGoals1765600100000 implements MigrationInterface {
  name = 'RoleGoals1765600100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE coaching.role_goals (
        tenant_id text NOT NULL,
        role_id text NOT NULL,
        weekly_share_goal integer NOT NULL CHECK (weekly_share_goal >= 0),
        goal_period_weeks integer NOT NULL CHECK (goal_period_weeks >= 1),
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, role_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS coaching.role_goals`);
  }
}
