import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `data_committed_at` is written (and committed) just before a mail's terminating "." goes to the
 * SMTP server. A row whose lease runs out with it set may have been delivered, so it is not sent
 * again: it becomes `in-doubt`, a final state an admin can see and resend (see send.rules.ts).
 */
export class SendInDoubt1766000000000 implements MigrationInterface {
  name = 'SendInDoubt1766000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE notification.sends ADD COLUMN data_committed_at timestamptz');
    await runner.query('ALTER TABLE notification.sends DROP CONSTRAINT sends_status_check');
    await runner.query(
      `ALTER TABLE notification.sends ADD CONSTRAINT sends_status_check
         CHECK (status IN ('pending', 'sending', 'sent', 'skipped', 'dead', 'in-doubt'))`,
    );
    await runner.query(
      `CREATE INDEX sends_in_doubt ON notification.sends (tenant_id, finished_at) WHERE status = 'in-doubt'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX IF EXISTS notification.sends_in_doubt');
    // An in-doubt row has no place in the old states; dead is the one an admin also looks at.
    await runner.query(`UPDATE notification.sends SET status = 'dead' WHERE status = 'in-doubt'`);
    await runner.query('ALTER TABLE notification.sends DROP CONSTRAINT sends_status_check');
    await runner.query(
      `ALTER TABLE notification.sends ADD CONSTRAINT sends_status_check
         CHECK (status IN ('pending', 'sending', 'sent', 'skipped', 'dead'))`,
    );
    await runner.query('ALTER TABLE notification.sends DROP COLUMN data_committed_at');
  }
}
