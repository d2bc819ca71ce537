import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal invitations: one per invitee and tenant (the first inviter keeps the relation), found by
 * its unguessable code. `credit_event_id` is the `invite.credited` envelope, written once; scoring's
 * `points.awarded` for it sets `credited_at`.
 */
export class Invitations1765600000000 implements MigrationInterface {
  name = 'Invitations1765600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE coaching.invitations (
        tenant_id text NOT NULL,
        invitee_id text NOT NULL,
        inviter_id text NOT NULL CHECK (inviter_id <> invitee_id),
        code text NOT NULL UNIQUE,
        invited_at timestamptz NOT NULL,
        accepted_at timestamptz,
        first_share_at timestamptz,
        first_share_id uuid,
        credit_event_id uuid UNIQUE,
        credited_at timestamptz,
        PRIMARY KEY (tenant_id, invitee_id)
      )`);
    await runner.query(
      `CREATE INDEX invitations_tenant_invited ON coaching.invitations (tenant_id, invited_at)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE IF EXISTS coaching.invitations`);
  }
}
