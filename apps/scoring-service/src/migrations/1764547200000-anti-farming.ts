import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Anti-farming: the scoring-share slot per employee, content and network (a repeat within the
 * tenant's window scores 0), and role multipliers removed from stored rule versions — a role is the
 * advocate's own choice, so it must not raise their points.
 */
export class AntiFarming1764547200000 implements MigrationInterface {
  name = 'AntiFarming1764547200000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE scoring.share_slots (
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        content_id uuid NOT NULL,
        network text NOT NULL,
        share_id uuid NOT NULL,
        scored_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, employee_id, content_id, network)
      )`);
    await runner.query('CREATE INDEX share_slots_share ON scoring.share_slots (tenant_id, share_id)');
    await runner.query(
      `UPDATE scoring.rules SET document = document - 'roleMultipliers' WHERE document ? 'roleMultipliers'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS scoring.share_slots');
  }
}
