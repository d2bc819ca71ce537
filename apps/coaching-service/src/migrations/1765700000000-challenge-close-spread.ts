import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Challenge close and spread analytics: how many win, when each advocate reached their progress
 * (event time, the boards' tie order), one close row per challenge (the claim that makes a close
 * happen once across replicas, holding the winners), and the tenant's latest baseline from `share.v1`.
 */
export class ChallengeCloseSpread1765700000000 implements MigrationInterface {
  name = 'ChallengeCloseSpread1765700000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `ALTER TABLE coaching.challenges ADD COLUMN winner_count integer NOT NULL DEFAULT 3 CHECK (winner_count > 0)`,
    );
    await runner.query(`ALTER TABLE coaching.challenge_progress ADD COLUMN reached_at timestamptz`);
    await runner.query(`
      CREATE TABLE coaching.challenge_closes (
        challenge_id uuid PRIMARY KEY REFERENCES coaching.challenges (id),
        tenant_id text NOT NULL,
        closed_at timestamptz NOT NULL,
        winners jsonb NOT NULL
      )`);
    await runner.query(`
      CREATE TABLE coaching.baselines (
        tenant_id text PRIMARY KEY,
        baseline_id uuid NOT NULL,
        participation_rate double precision,
        period_from timestamptz,
        period_to timestamptz,
        recorded_at timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS coaching.baselines, coaching.challenge_closes`);
    await runner.query(`ALTER TABLE coaching.challenge_progress DROP COLUMN IF EXISTS reached_at`);
    await runner.query(`ALTER TABLE coaching.challenges DROP COLUMN IF EXISTS winner_count`);
  }
}
