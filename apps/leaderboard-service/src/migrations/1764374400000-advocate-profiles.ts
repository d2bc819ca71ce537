import { MigrationInterface, QueryRunner } from 'typeorm';

/** Display names and teams from `advocate.v1`, so a rebuild restores them with the boards. */
export class AdvocateProfiles1764374400000 implements MigrationInterface {
  name = 'AdvocateProfiles1764374400000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE TABLE leaderboard.advocate_profiles (
         tenant_id text NOT NULL,
         employee_id text NOT NULL,
         display_name text NOT NULL,
         team_id text,
         updated_at timestamptz NOT NULL,
         PRIMARY KEY (tenant_id, employee_id)
       )`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS leaderboard.advocate_profiles');
  }
}
