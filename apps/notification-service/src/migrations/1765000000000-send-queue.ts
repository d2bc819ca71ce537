import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each send belongs to the queue of the deployment that enqueued it (its Kafka topic prefix, '' in
 * production). Deployments that share a database — parallel test files, each with its own topics,
 * SMTP server and webhook receivers — then never work each other's sends, as the outbox relays
 * already never publish each other's rows.
 */
export class SendQueue1765000000000 implements MigrationInterface {
  name = 'SendQueue1765000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE notification.sends ADD COLUMN queue text NOT NULL DEFAULT ''`);
    await runner.query('DROP INDEX IF EXISTS notification.sends_due');
    await runner.query(
      `CREATE INDEX sends_due ON notification.sends (queue, not_before) WHERE status IN ('pending', 'sending')`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX IF EXISTS notification.sends_due');
    await runner.query(
      `CREATE INDEX sends_due ON notification.sends (not_before) WHERE status IN ('pending', 'sending')`,
    );
    await runner.query('ALTER TABLE notification.sends DROP COLUMN queue');
  }
}
