import { MigrationInterface, QueryRunner } from 'typeorm';

/** Time-boxed challenges, each advocate's progress, and the role an audience may name. */
export class Challenges1765065600000 implements MigrationInterface {
  name = 'Challenges1765065600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE coaching.advocates ADD COLUMN role text`);
    await runner.query(`
      CREATE TABLE coaching.challenges (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        title text NOT NULL,
        metric text NOT NULL,
        target integer NOT NULL CHECK (target > 0),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
        audience jsonb NOT NULL,
        campaign_id text,
        prize text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX challenges_tenant_window ON coaching.challenges (tenant_id, ends_at)`);
    await runner.query(`
      CREATE TABLE coaching.challenge_progress (
        challenge_id uuid NOT NULL REFERENCES coaching.challenges (id),
        employee_id text NOT NULL,
        progress integer NOT NULL,
        updated_at timestamptz NOT NULL,
        completed_at timestamptz,
        PRIMARY KEY (challenge_id, employee_id)
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS coaching.challenge_progress, coaching.challenges`);
    await runner.query(`ALTER TABLE coaching.advocates DROP COLUMN IF EXISTS role`);
  }
}
