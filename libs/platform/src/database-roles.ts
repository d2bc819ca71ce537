import { Client, escapeIdentifier, escapeLiteral } from 'pg';

export interface ServiceRole {
  /** The service's schema; the role owns it and every object in it. */
  schema: string;
  /** The login role the service connects as. */
  role: string;
  /** Set (or changed) when given; local trust-authenticated databases need none. */
  password?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** `advocacy_<schema>`: the role name the scripts and the Helm chart give a service's schema. */
export const serviceRoleName = (schema: string): string => `advocacy_${schema}`;

/**
 * Makes `role` a plain login role that owns `schema` and everything in it, and nothing else: no
 * superuser, no CREATEDB/CREATEROLE, no right to create other schemas, no access to other
 * services' schemas (they belong to their own roles and grant nothing to PUBLIC). Idempotent; run
 * as an administrator (the bootstrap of `npm start`, the chart's db-bootstrap Job). Objects made
 * earlier by another owner (a database migrated as `postgres` before roles existed) change owner.
 */
export async function ensureServiceRole(
  admin: Client,
  { schema, role, password }: ServiceRole,
): Promise<void> {
  for (const [name, value] of [
    ['schema', schema],
    ['role', role],
  ] as const) {
    if (!IDENTIFIER.test(value)) throw new Error(`${name} "${value}" is not a plain lower-case identifier`);
  }
  const r = escapeIdentifier(role);
  const s = escapeIdentifier(schema);
  // Two bootstraps at once (replicas, test workers) would race on CREATE ROLE.
  await admin.query('SELECT pg_advisory_lock(hashtext($1))', [`role-bootstrap:${role}`]);
  try {
    const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (exists.rowCount === 0) await admin.query(`CREATE ROLE ${r} LOGIN`);
    await admin.query(
      `ALTER ROLE ${r} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS` +
        (password ? ` PASSWORD ${escapeLiteral(password)}` : ''),
    );
    const database = escapeIdentifier(
      (await admin.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db,
    );
    await admin.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${database} TO ${r}`);
    await admin.query(`REVOKE CREATE ON DATABASE ${database} FROM ${r}`);
    await admin.query(`CREATE SCHEMA IF NOT EXISTS ${s} AUTHORIZATION ${r}`);
    await admin.query(`ALTER SCHEMA ${s} OWNER TO ${r}`);
    await admin.query(`REVOKE ALL ON SCHEMA ${s} FROM PUBLIC`);
    await transferObjects(admin, schema, role);
  } finally {
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [`role-bootstrap:${role}`]);
  }
}

/** Gives `role` every table, view, sequence, function and type of `schema` it does not own yet. */
async function transferObjects(admin: Client, schema: string, role: string): Promise<void> {
  const r = escapeIdentifier(role);
  const relations = await admin.query<{ name: string; kind: string }>(
    `SELECT c.relname AS name, c.relkind AS kind
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
        AND pg_get_userbyid(c.relowner) <> $2
        -- a sequence owned by a column follows its table
        AND NOT (c.relkind = 'S' AND EXISTS (
          SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))`,
    [schema, role],
  );
  const statement: Record<string, string> = {
    r: 'TABLE',
    p: 'TABLE',
    v: 'VIEW',
    m: 'MATERIALIZED VIEW',
    f: 'FOREIGN TABLE',
    S: 'SEQUENCE',
  };
  for (const { name, kind } of relations.rows) {
    await admin.query(
      `ALTER ${statement[kind]} ${escapeIdentifier(schema)}.${escapeIdentifier(name)} OWNER TO ${r}`,
    );
  }
  const routines = await admin.query<{ signature: string }>(
    `SELECT p.oid::regprocedure::text AS signature
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1 AND pg_get_userbyid(p.proowner) <> $2`,
    [schema, role],
  );
  for (const { signature } of routines.rows) await admin.query(`ALTER ROUTINE ${signature} OWNER TO ${r}`);
  const types = await admin.query<{ name: string; kind: string }>(
    `SELECT t.oid::regtype::text AS name, t.typtype AS kind
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 AND t.typtype IN ('e', 'd', 'r', 'm')
        AND pg_get_userbyid(t.typowner) <> $2`,
    [schema, role],
  );
  for (const { name, kind } of types.rows) {
    await admin.query(`ALTER ${kind === 'd' ? 'DOMAIN' : 'TYPE'} ${name} OWNER TO ${r}`);
  }
}
