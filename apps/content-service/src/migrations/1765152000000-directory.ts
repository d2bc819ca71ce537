import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The company's directory: who is active, their manager and external id, teams as SCIM groups (and
 * the coaches group), and one provisioning token per tenant (its SHA-256 only).
 */
export class Directory1765152000000 implements MigrationInterface {
  name = 'Directory1765152000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE content.profiles
        ADD COLUMN external_id text,
        ADD COLUMN manager_id text,
        ADD COLUMN active boolean NOT NULL DEFAULT true,
        ADD COLUMN managed boolean NOT NULL DEFAULT false,
        ADD COLUMN version integer NOT NULL DEFAULT 1,
        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()`);
    await runner.query(
      `CREATE UNIQUE INDEX profiles_external_id ON content.profiles (tenant_id, external_id)
       WHERE external_id IS NOT NULL`,
    );
    await runner.query('CREATE INDEX profiles_user_name ON content.profiles (tenant_id, lower(employee_id))');
    await runner.query(`
      CREATE TABLE content.groups (
        tenant_id text NOT NULL,
        group_id text NOT NULL,
        display_name text NOT NULL,
        external_id text,
        kind text NOT NULL CHECK (kind IN ('team', 'coaches')),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, group_id)
      )`);
    await runner.query(
      'CREATE UNIQUE INDEX groups_display_name ON content.groups (tenant_id, lower(display_name))',
    );
    await runner.query(`
      CREATE TABLE content.coaches (
        tenant_id text NOT NULL,
        employee_id text NOT NULL,
        PRIMARY KEY (tenant_id, employee_id)
      )`);
    await runner.query(`
      CREATE TABLE content.scim_tokens (
        tenant_id text PRIMARY KEY,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS content.scim_tokens');
    await runner.query('DROP TABLE IF EXISTS content.coaches');
    await runner.query('DROP TABLE IF EXISTS content.groups');
    await runner.query(`
      ALTER TABLE content.profiles DROP COLUMN external_id, DROP COLUMN manager_id, DROP COLUMN active,
        DROP COLUMN managed, DROP COLUMN version, DROP COLUMN created_at`);
  }
}
