import { MigrationInterface, QueryRunner } from 'typeorm';

/** Why someone is off the boards: an admin hid them, or the directory deactivated them. */
export class HiddenReason1765152000000 implements MigrationInterface {
  name = 'HiddenReason1765152000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE leaderboard.hidden_employees ADD COLUMN reason text NOT NULL DEFAULT 'admin'
         CHECK (reason IN ('admin', 'deactivated'))`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE leaderboard.hidden_employees DROP COLUMN reason');
  }
}
