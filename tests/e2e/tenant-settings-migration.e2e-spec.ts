import { randomBytes } from 'node:crypto';
import { createDataSource, migrate } from '@advocacy/platform';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS as COACHING } from '../../apps/coaching-service/src/migrations';
import { MIGRATIONS as CONTENT } from '../../apps/content-service/src/migrations';
import { MIGRATIONS as LEADERBOARD } from '../../apps/leaderboard-service/src/migrations';
import { MIGRATIONS as NOTIFICATION } from '../../apps/notification-service/src/migrations';
import { MIGRATIONS as SCORING } from '../../apps/scoring-service/src/migrations';
import { SettingsRepository } from '../../apps/content-service/src/settings/settings.repository';
import { RulesRepository } from '../../apps/scoring-service/src/rules/rules.repository';

const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/advocacy_test';
const database = `advocacy_tzmig_${randomBytes(4).toString('hex')}`;
const url = (() => {
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${database}`;
  return parsed.toString();
})();

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for classes
type Migrations = Function[];

/**
 * The migrations that move each service's own time zone into the tenant settings, on a database of
 * its own that holds what the previous release wrote: every existing tenant keeps its zone.
 */
describe('tenant settings migrations', () => {
  const admin = new Client({ connectionString: adminUrl });
  const opened: DataSource[] = [];

  /** Migrates `schema` without the tenant-settings migration, lets `seed` write, then runs it. */
  async function migrateAround(
    schema: string,
    migrations: Migrations,
    seed: (db: DataSource) => Promise<void>,
  ) {
    const previous = createDataSource({
      url,
      schema,
      migrations: migrations.filter((m) => m.name !== 'TenantSettings1765500000000'),
    });
    await previous.initialize();
    opened.push(previous);
    await migrate(previous, schema);
    await seed(previous);
    const current = createDataSource({ url, schema, migrations });
    await current.initialize();
    opened.push(current);
    expect(await migrate(current, schema)).toEqual(['TenantSettings1765500000000']);
    return current;
  }

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
  });

  afterAll(async () => {
    await Promise.all(opened.map((db) => db.destroy().catch(() => undefined)));
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it('content keeps the zone at version 0 and hands each migrated row out once for publishing', async () => {
    const db = await migrateAround('content', CONTENT, (old) =>
      old.query(
        `INSERT INTO content.settings (tenant_id, time_zone, suggestion_hour) VALUES ('acme', 'Asia/Tokyo', 9)`,
      ),
    );
    const repository = new SettingsRepository();
    expect(await repository.find(db.manager, 'acme')).toMatchObject({
      timeZone: 'Asia/Tokyo',
      suggestionHour: 9,
      weekStart: 'monday',
      languages: ['en'],
      version: 0,
    });
    const taken = await db.transaction((manager) => repository.takeMigrated(manager));
    expect(taken).toMatchObject([{ tenantId: 'acme', timeZone: 'Asia/Tokyo', version: 1 }]);
    expect(await db.transaction((manager) => repository.takeMigrated(manager))).toEqual([]);
  });

  it('scoring moves the zone of the latest rules version into the projection and out of the rules', async () => {
    const db = await migrateAround('scoring', SCORING, async (old) => {
      for (const [version, zone] of [
        [1, 'America/New_York'],
        [2, 'America/Chicago'],
      ] as const) {
        await old.query(
          `INSERT INTO scoring.rules (tenant_id, version, document, effective_from, created_by)
           VALUES ('acme', $1, $2::jsonb, now(), 'root')`,
          [version, JSON.stringify({ timeZone: zone, dailyCap: 100 })],
        );
      }
    });
    expect(await db.query(`SELECT tenant_id, settings, version FROM scoring.tenant_settings`)).toEqual([
      { tenant_id: 'acme', settings: { timeZone: 'America/Chicago' }, version: 0 },
    ]);
    expect(await db.query(`SELECT document FROM scoring.rules ORDER BY version`)).toEqual([
      { document: { dailyCap: 100 } },
      { document: { dailyCap: 100 } },
    ]);
    // A replica of the previous release, still running during the rollout, saves a zone again.
    await db.query(
      `INSERT INTO scoring.rules (tenant_id, version, document, effective_from, created_by)
       VALUES ('acme', 3, '{"timeZone": "Asia/Tokyo", "dailyCap": 50}', now(), 'root')`,
    );
    expect(await new RulesRepository(db).latest('acme')).toMatchObject({
      version: 3,
      rules: { dailyCap: 50 },
    });
  });

  it('leaderboard moves each tenant zone into the projection (the old column stays for the rollout)', async () => {
    const db = await migrateAround('leaderboard', LEADERBOARD, (old) =>
      old.query(
        `INSERT INTO leaderboard.tenants (tenant_id, time_zone, first_seen_at) VALUES ('acme', 'Europe/London', now())`,
      ),
    );
    expect(await db.query(`SELECT tenant_id, settings, version FROM leaderboard.tenant_settings`)).toEqual([
      { tenant_id: 'acme', settings: { timeZone: 'Europe/London' }, version: 0 },
    ]);
    expect(
      await db.query(
        `SELECT 1 FROM information_schema.columns WHERE table_schema = 'leaderboard' AND table_name = 'tenants' AND column_name = 'time_zone'`,
      ),
    ).toHaveLength(1);
  });

  it('notification moves a default zone into the projection and out of the defaults', async () => {
    const db = await migrateAround('notification', NOTIFICATION, (old) =>
      old.query(
        `INSERT INTO notification.tenant_defaults (tenant_id, settings, updated_at) VALUES ('acme', $1::jsonb, now())`,
        [JSON.stringify({ timeZone: 'Europe/Berlin', language: 'nl' })],
      ),
    );
    expect(await db.query(`SELECT tenant_id, settings, version FROM notification.tenant_settings`)).toEqual([
      { tenant_id: 'acme', settings: { timeZone: 'Europe/Berlin' }, version: 0 },
    ]);
    expect(await db.query(`SELECT settings FROM notification.tenant_defaults`)).toEqual([
      { settings: { language: 'nl' } },
    ]);
  });

  it('coaching starts an empty projection (its weeks were UTC weeks)', async () => {
    const db = await migrateAround('coaching', COACHING, async () => undefined);
    expect(await db.query(`SELECT * FROM coaching.tenant_settings`)).toEqual([]);
  });
});
