import { messagingTablesSql } from '@advocacy/messaging';
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1764201600000 implements MigrationInterface {
  name = 'Init1764201600000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of messagingTablesSql('scoring')) await runner.query(statement);
    // Append-only: rows are inserted, never updated; reversals are negative rows pointing at their entry.
    await runner.query(`
      CREATE TABLE scoring.ledger (
        seq bigserial PRIMARY KEY,
        entry_id uuid NOT NULL UNIQUE,
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        team_id text,
        campaign_id text,
        points integer NOT NULL,
        reason text NOT NULL,
        explanation text NOT NULL DEFAULT '',
        rule text NOT NULL,
        rule_version integer NOT NULL DEFAULT 0,
        source_event_id uuid NOT NULL,
        reverses uuid REFERENCES scoring.ledger (entry_id),
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (tenant_id, source_event_id, rule)
      )`);
    await runner.query(
      'CREATE INDEX ledger_tenant_employee ON scoring.ledger (tenant_id, employee_id, occurred_at)',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS scoring.ledger, scoring.inbox, scoring.outbox');
  }
}
