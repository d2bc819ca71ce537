import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Versioned rules per tenant, the projections scoring keeps from other services' events, the
 * columns the rule engine looks entries up by, and a trigger that makes the ledger append-only.
 */
export class RulesProjectionsAppendOnly1764288000000 implements MigrationInterface {
  name = 'RulesProjectionsAppendOnly1764288000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE scoring.ledger
        ADD COLUMN subject_id text,
        ADD COLUMN share_id uuid,
        ADD COLUMN created_by text`);
    await runner.query('CREATE INDEX ledger_tenant_seq ON scoring.ledger (tenant_id, seq)');
    await runner.query(
      'CREATE INDEX ledger_subject ON scoring.ledger (tenant_id, rule, subject_id) WHERE subject_id IS NOT NULL',
    );
    await runner.query(
      `CREATE INDEX ledger_share_clicks ON scoring.ledger (tenant_id, share_id, occurred_at) WHERE rule = 'click'`,
    );
    // An entry is reversed at most once, whatever events ask for it.
    await runner.query(
      'CREATE UNIQUE INDEX ledger_reversed_once ON scoring.ledger (reverses) WHERE reverses IS NOT NULL',
    );
    await runner.query(`
      CREATE FUNCTION scoring.ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'scoring.ledger is append-only: % is not allowed', TG_OP;
      END $$`);
    await runner.query(`
      CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON scoring.ledger
      FOR EACH ROW EXECUTE FUNCTION scoring.ledger_append_only()`);
    await runner.query(`
      CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON scoring.ledger
      FOR EACH STATEMENT EXECUTE FUNCTION scoring.ledger_append_only()`);

    await runner.query(`
      CREATE TABLE scoring.rules (
        tenant_id text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        document jsonb NOT NULL,
        effective_from timestamptz NOT NULL,
        created_by text NOT NULL,
        PRIMARY KEY (tenant_id, version)
      )`);
    await runner.query(`
      CREATE TABLE scoring.content (
        tenant_id text NOT NULL,
        content_id uuid NOT NULL,
        title text NOT NULL,
        campaign_id text,
        shareable_from timestamptz,
        shareable_until timestamptz,
        submitted_by text,
        published_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, content_id)
      )`);
    await runner.query(`
      CREATE TABLE scoring.advocates (
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        team_id text,
        role text,
        PRIMARY KEY (tenant_id, employee_id)
      )`);
    await runner.query(`
      CREATE TABLE scoring.coach_assignments (
        tenant_id text NOT NULL,
        assignment_id uuid NOT NULL,
        coach_id text NOT NULL,
        employee_id text NOT NULL,
        active boolean NOT NULL,
        ended boolean NOT NULL DEFAULT false,
        PRIMARY KEY (tenant_id, assignment_id)
      )`);
    await runner.query(
      'CREATE INDEX coach_assignments_pair ON scoring.coach_assignments (tenant_id, coach_id, employee_id) WHERE active',
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      'DROP TABLE IF EXISTS scoring.rules, scoring.content, scoring.advocates, scoring.coach_assignments',
    );
    await runner.query('DROP TRIGGER IF EXISTS ledger_append_only ON scoring.ledger');
    await runner.query('DROP TRIGGER IF EXISTS ledger_no_truncate ON scoring.ledger');
    await runner.query('DROP FUNCTION IF EXISTS scoring.ledger_append_only()');
    await runner.query(`
      ALTER TABLE scoring.ledger DROP COLUMN subject_id, DROP COLUMN share_id, DROP COLUMN created_by`);
    await runner.query('DROP INDEX IF EXISTS scoring.ledger_tenant_seq');
  }
}
