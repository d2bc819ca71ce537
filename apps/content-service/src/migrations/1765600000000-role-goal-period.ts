import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A role's goal may span more than one week ("1 share every 2 weeks"): `weekly_share_goal` shares
 * every `goal_period_weeks` weeks. Saved roles keep their weekly goal (period 1).
 */
export class RoleGoalPeriod1765600000000 implements MigrationInterface {
  name = 'RoleGoalPeriod1765600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE content.roles ADD COLUMN goal_period_weeks integer NOT NULL DEFAULT 1
         CHECK (goal_period_weeks BETWEEN 1 AND 4)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE content.roles DROP COLUMN goal_period_weeks`);
  }
}
