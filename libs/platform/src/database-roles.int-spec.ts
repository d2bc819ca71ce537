import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { assertMigrated, createDataSource, migrate, PendingMigrationsError } from './database';
import { ensureServiceRole } from './database-roles';

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/advocacy_test';
const suffix = randomBytes(4).toString('hex');
const schema = `it_roles_${suffix}`;
const foreign = `it_foreign_${suffix}`;
const role = `advocacy_it_${suffix}`;

const asUser = (url: string, user: string) => {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = '';
  return parsed.toString();
};

class CreateBadges1700000000000 implements MigrationInterface {
  name = 'CreateBadges1700000000000';
  async up(runner: QueryRunner) {
    await runner.query('CREATE TABLE badges (id text PRIMARY KEY)');
  }
  async down(runner: QueryRunner) {
    await runner.query('DROP TABLE badges');
  }
}

describe('per-service Postgres roles', () => {
  const admin = new Client({ connectionString: adminUrl });
  let service: Client;

  beforeAll(async () => {
    await admin.connect();
    // What a database migrated before roles existed looks like: the schema and its objects
    // belong to the administrator.
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(`CREATE TABLE ${schema}.ledger (id bigserial PRIMARY KEY, points int)`);
    await admin.query(`CREATE TYPE ${schema}.network AS ENUM ('linkedin', 'x')`);
    await admin.query(`CREATE FUNCTION ${schema}.twice(int) RETURNS int LANGUAGE sql AS 'SELECT $1 * 2'`);
    await admin.query(`CREATE SCHEMA ${foreign}`);
    await admin.query(`CREATE TABLE ${foreign}.secrets (id int)`);
    await ensureServiceRole(admin, { schema, role });
    await ensureServiceRole(admin, { schema, role }); // idempotent
    service = new Client({ connectionString: asUser(adminUrl, role) });
    await service.connect();
  });

  afterAll(async () => {
    await service?.end();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`DROP SCHEMA IF EXISTS ${foreign} CASCADE`);
    await admin.query(`DROP OWNED BY ${role}`).catch(() => undefined);
    await admin.query(`DROP ROLE IF EXISTS ${role}`);
    await admin.end();
  });

  it('is a plain login role', async () => {
    const { rows } = await admin.query(
      'SELECT rolsuper, rolcreatedb, rolcreaterole, rolcanlogin FROM pg_roles WHERE rolname = $1',
      [role],
    );
    expect(rows).toEqual([{ rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolcanlogin: true }]);
  });

  it('owns its schema and every object that was in it', async () => {
    const { rows } = await admin.query(
      `SELECT kind, name, owner FROM (
         SELECT 'schema' AS kind, nspname::text AS name, pg_get_userbyid(nspowner)::text AS owner
           FROM pg_namespace WHERE nspname = $1
         UNION ALL SELECT 'relation', c.relname::text, pg_get_userbyid(c.relowner)::text
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1
         UNION ALL SELECT 'function', p.proname::text, pg_get_userbyid(p.proowner)::text
           FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1
         UNION ALL SELECT 'type', t.typname::text, pg_get_userbyid(t.typowner)::text
           FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typtype = 'e'
       ) o ORDER BY kind, name`,
      [schema],
    );
    expect(rows.map((row) => `${row.kind} ${row.name}`)).toEqual([
      'function twice',
      'relation ledger',
      'relation ledger_id_seq',
      'relation ledger_pkey',
      `schema ${schema}`,
      'type network',
    ]);
    expect(new Set(rows.map((row) => row.owner))).toEqual(new Set([role]));
  });

  it('works in its own schema', async () => {
    await service.query(`INSERT INTO ${schema}.ledger (points) VALUES (${schema}.twice(21))`);
    await service.query(`CREATE TABLE ${schema}.scratch (id int)`);
    const { rows } = await service.query(`SELECT points FROM ${schema}.ledger`);
    expect(rows).toEqual([{ points: 42 }]);
  });

  it("can neither read another service's schema nor create schemas", async () => {
    await expect(service.query(`SELECT * FROM ${foreign}.secrets`)).rejects.toThrow(/permission denied/);
    await expect(service.query(`CREATE SCHEMA it_other_${suffix}`)).rejects.toThrow(/permission denied/);
    await expect(service.query('CREATE TABLE public.intruder (id int)')).rejects.toThrow(/permission denied/);
  });

  it('migrates as the role; with migration at start off, a pending migration stops the start', async () => {
    const dataSource = createDataSource({
      url: asUser(adminUrl, role),
      schema,
      migrations: [CreateBadges1700000000000],
      // migrate() holds one connection for its advisory lock while the migrations use another.
      poolSize: 2,
    });
    await dataSource.initialize();
    try {
      await expect(assertMigrated(dataSource, schema)).rejects.toThrow(PendingMigrationsError);
      await expect(assertMigrated(dataSource, schema)).rejects.toThrow(/npm run migrate/);
      expect(await migrate(dataSource, schema)).toEqual(['CreateBadges1700000000000']);
      await expect(assertMigrated(dataSource, schema)).resolves.toBeUndefined();
      expect(await migrate(dataSource, schema)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
    const { rows } = await admin.query(
      `SELECT tableowner FROM pg_tables WHERE schemaname = $1 AND tablename = 'badges'`,
      [schema],
    );
    expect(rows).toEqual([{ tableowner: role }]);
  });
});
