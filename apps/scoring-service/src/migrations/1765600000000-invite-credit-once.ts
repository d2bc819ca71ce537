import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One invite credit per tenant and invitee, whatever arrives twice: a replayed or re-emitted
 * `invite.credited` is dropped by the ledger's `ON CONFLICT DO NOTHING`.
 */
export class InviteCreditOnce1765600000000 implements MigrationInterface {
  name = 'InviteCreditOnce1765600000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE UNIQUE INDEX ledger_invite_credit_once ON scoring.ledger (tenant_id, subject_id) WHERE rule = 'invite'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX IF EXISTS scoring.ledger_invite_credit_once');
  }
}
