import { messagingTablesSql } from '@advocacy/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1764201600000 implements MigrationInterface {
  name = 'Init1764201600000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of messagingTablesSql('tracking')) await runner.query(statement);
    await runner.query(`
      CREATE TABLE tracking.shares (
        share_id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        team_id text,
        content_id uuid NOT NULL,
        campaign_id text,
        network text NOT NULL,
        text text NOT NULL,
        link_code text NOT NULL UNIQUE,
        verdict text NOT NULL DEFAULT 'safe',
        status text NOT NULL DEFAULT 'active',
        created_at timestamptz NOT NULL DEFAULT now(),
        withdrawn_at timestamptz
      )`);
    await runner.query(
      'CREATE INDEX shares_tenant_employee ON tracking.shares (tenant_id, employee_id, created_at)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS tracking.shares, tracking.inbox, tracking.outbox');
  }
}
