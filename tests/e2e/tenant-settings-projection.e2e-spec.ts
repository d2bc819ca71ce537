import { AnyEnvelope, createEnvelope, TenantSettingsInput, TOPICS } from '@advocacy/contracts';
import { TenantSettingsProjection } from '@advocacy/messaging';
import {
  newTenant,
  publishRaw,
  startService,
  startTestInfra,
  StartedService,
  TestInfra,
  waitFor,
} from '@advocacy/testing';
import { DataSource } from 'typeorm';
import { createApp as createCoaching } from '../../apps/coaching-service/src/app';
import { createApp as createLeaderboard } from '../../apps/leaderboard-service/src/app';
import { createApp as createNotification } from '../../apps/notification-service/src/app';
import { createApp as createScoring } from '../../apps/scoring-service/src/app';

const settingsEvent = (tenantId: string, version: number, settings: TenantSettingsInput) =>
  createEnvelope({
    type: 'tenant.settings-updated',
    tenantId,
    subject: 'settings',
    payload: {
      timeZone: 'Europe/Amsterdam',
      weekStart: 'monday',
      languages: ['en'],
      programmeName: 'Advocacy',
      suggestionHour: 8,
      ...settings,
      version,
      updatedAt: new Date(Date.UTC(2026, 2, version)).toISOString(),
    },
  }) as AnyEnvelope;

/**
 * The `tenant.v1` projection in every service that keeps one: a redelivered event changes nothing,
 * an older version arriving after a newer one is ignored, and the service's readers see the newest.
 */
describe.each([
  ['scoring', 'scoring', createScoring],
  ['leaderboard', 'leaderboard', createLeaderboard],
  ['coaching', 'coaching', createCoaching],
  ['notification', 'notification', createNotification],
] as const)('tenant settings projection in the %s service', (service, schema, createApp) => {
  let infra: TestInfra;
  let app: StartedService;
  let projection: TenantSettingsProjection;
  const rowOf = async (tenantId: string) =>
    (
      await app.app
        .get(DataSource)
        .query<{ version: number; settings: { timeZone: string } }[]>(
          `SELECT version, settings FROM ${schema}.tenant_settings WHERE tenant_id = $1`,
          [tenantId],
        )
    )[0];

  beforeAll(async () => {
    infra = await startTestInfra();
    app = await startService(createApp as Parameters<typeof startService>[0], {
      ...infra.env,
      UNSUBSCRIBE_SECRET: 'projection-unsubscribe-secret-0123456789',
      SEND_WORKER_INTERVAL_MS: '0',
      SCHEDULE_INTERVAL_MS: '0',
      RETENTION_INTERVAL_MS: '0',
    });
    projection = app.app.get(TenantSettingsProjection);
  });

  afterAll(async () => {
    await app?.close();
    await infra?.teardown();
  });

  it('serves the defaults at version 0 for a tenant never published', async () => {
    expect(await projection.view(newTenant())).toMatchObject({
      timeZone: 'Europe/Amsterdam',
      weekStart: 'monday',
      version: 0,
      updatedAt: null,
    });
  });

  it('applies each envelope once and keeps the highest version (batches straight into the consumer)', async () => {
    const tenant = newTenant();
    const v2 = settingsEvent(tenant, 2, { timeZone: 'Asia/Tokyo', weekStart: 'sunday' });
    const v1 = settingsEvent(tenant, 1, { timeZone: 'America/New_York' });
    expect(await projection.apply([v2, v2])).toEqual([tenant]);
    // Redelivered: the inbox has it.
    expect(await projection.apply([v2])).toEqual([]);
    // Older, arriving late: a new envelope id, but the version guard ignores it.
    expect(await projection.apply([v1])).toEqual([]);
    expect(await rowOf(tenant)).toMatchObject({ version: 2, settings: { timeZone: 'Asia/Tokyo' } });
    expect(await projection.get(tenant)).toMatchObject({ timeZone: 'Asia/Tokyo', weekStart: 'sunday' });
    // A newer version with the same settings still moves the version (and clears the cache).
    const v3 = settingsEvent(tenant, 3, { timeZone: 'Australia/Sydney' });
    expect(await projection.apply([v1, v3])).toEqual([tenant]);
    expect(await projection.get(tenant)).toMatchObject({ timeZone: 'Australia/Sydney', weekStart: 'monday' });
  });

  it('consumes tenant.v1 from Kafka: a late older version and a redelivery leave the newest', async () => {
    const tenant = newTenant();
    const newer = settingsEvent(tenant, 5, { timeZone: 'Asia/Kolkata' });
    const older = settingsEvent(tenant, 4, { timeZone: 'Europe/Lisbon' });
    const topic = `${infra.prefix}${TOPICS.tenant.name}`;
    // One key, so one partition: they arrive in this order, the newer one twice.
    await publishRaw(
      infra.kafka,
      [newer, older, newer].map((envelope) => ({
        topic,
        key: envelope.key,
        value: JSON.stringify(envelope),
      })),
    );
    const inbox = `${service}-service.tenant`;
    await waitFor(
      async () =>
        (
          await app.app
            .get(DataSource)
            .query(`SELECT 1 FROM ${schema}.inbox WHERE consumer = $1 AND event_id = ANY($2::uuid[])`, [
              inbox,
              [newer.id, older.id],
            ])
        ).length === 2 || undefined,
      { message: `${service} consumed both envelopes` },
    );
    expect(await rowOf(tenant)).toMatchObject({ version: 5, settings: { timeZone: 'Asia/Kolkata' } });
  });
});
