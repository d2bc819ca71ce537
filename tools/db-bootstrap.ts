import { Client } from 'pg';
import { ensureServiceRole, serviceRoleName } from '@advocacy/platform';

/**
 * Creates (or updates) each service's own Postgres role and schema; safe to run again.
 *
 *   node dist/tools/db-bootstrap.js <schema>[:<role>]...
 *
 * Connects as an administrator: DATABASE_ADMIN_URL, or libpq's PG* variables (the chart's Job).
 * The role defaults to advocacy_<schema>; ROLE_PASSWORD_<ROLE> (upper case) sets its password.
 */
async function main(): Promise<void> {
  const specs = process.argv.slice(2);
  if (specs.length === 0) throw new Error('usage: db-bootstrap <schema>[:<role>]...');
  const admin = new Client(
    process.env.DATABASE_ADMIN_URL ? { connectionString: process.env.DATABASE_ADMIN_URL } : {},
  );
  await admin.connect();
  try {
    for (const spec of specs) {
      const [schema = '', role = serviceRoleName(schema)] = spec.split(':');
      const password = process.env[`ROLE_PASSWORD_${role.toUpperCase()}`] || undefined;
      await ensureServiceRole(admin, { schema, role, password });
      process.stdout.write(`role ${role} owns schema ${schema}\n`);
    }
  } finally {
    await admin.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`db-bootstrap failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
