import { randomUUID } from 'node:crypto';
import { AnyEnvelope, createEnvelope, NewEvent } from '@advocacy/contracts';
import {
  newTenant,
  pointsEvent,
  profileEvent,
  shareEvent,
  startService,
  startTestInfra,
  StartedService,
  TestInfra,
} from '@advocacy/testing';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app';
import { Language, messageText } from '../src/email/messages';
import { IntakeService } from '../src/intake/intake.service';
import { PreferenceRepository } from '../src/preferences/preference.repository';

const envelope = (event: NewEvent<never>) => createEnvelope(event) as AnyEnvelope;

const badge = (tenantId: string, employeeId: string, badgeId: string, name: string) =>
  envelope({
    type: 'badge.awarded',
    tenantId,
    subject: employeeId,
    payload: { employeeId, badgeId, name, reason: `for ${badgeId}` },
  } as never);

/**
 * The intake applies a batch with a statement per kind (shares, weekly points) and reads people,
 * preferences and webhooks once per tenant: what it leaves must be what one event at a time left —
 * an inbox row per notice in the recipient's language, none for a kind switched off, points summed
 * per person and week, a share recorded once, and nothing new when the batch comes again.
 */
describe('notification intake, a batch at a time', () => {
  let infra: TestInfra;
  let service: StartedService;
  let db: DataSource;

  beforeAll(async () => {
    infra = await startTestInfra();
    service = await startService(createApp, {
      ...infra.env,
      UNSUBSCRIBE_SECRET: 'int-unsubscribe-secret-0123456789',
      SEND_WORKER_INTERVAL_MS: '0',
      SCHEDULE_INTERVAL_MS: '0',
      RETENTION_INTERVAL_MS: '0',
    });
    db = service.app.get(DataSource);
  });

  afterAll(async () => {
    await service?.close();
    await infra?.teardown();
  });

  const apply = (consumer: string, events: AnyEnvelope[]) =>
    service.app.get(IntakeService).apply(consumer, events);

  it('notifies each recipient of a batch in their language, skips a kind switched off, and is idempotent', async () => {
    const tenant = newTenant();
    await apply('notification.advocates', [
      envelope(profileEvent(tenant, 'anna', { displayName: 'Anna', language: 'nl' }) as never),
      envelope(profileEvent(tenant, 'bert', { displayName: 'Bert', language: 'en' }) as never),
    ]);
    await db.transaction((manager) =>
      service.app
        .get(PreferenceRepository)
        .putOwn(
          manager,
          tenant,
          'bert',
          { channels: { badge: 'off' }, digest: null, timeZone: null },
          new Date(),
        ),
    );

    const batch = [
      badge(tenant, 'anna', 'first-share', 'First share'),
      badge(tenant, 'bert', 'first-share', 'First share'),
      badge(tenant, 'carl', 'first-share', 'First share'),
      badge(tenant, 'anna', 'streak', 'Streak'),
    ];
    await apply('notification.badges', batch);
    await apply('notification.badges', batch);

    const rows = await db.query<{ employee_id: string; title: string; source_event_id: string }[]>(
      `SELECT employee_id, title, source_event_id FROM notification.notifications
       WHERE tenant_id = $1 ORDER BY employee_id, title`,
      [tenant],
    );
    const title = (language: Language, badgeName: string) =>
      messageText(language, { kind: 'badge', badgeName, level: null, reason: null }).title;
    expect(rows).toEqual(
      [
        { employee_id: 'anna', title: title('nl', 'First share'), source_event_id: batch[0].id },
        { employee_id: 'anna', title: title('nl', 'Streak'), source_event_id: batch[3].id },
        // not projected yet: the tenant's default language
        { employee_id: 'carl', title: title('en', 'First share'), source_event_id: batch[2].id },
      ].sort((a, b) => (a.employee_id + a.title < b.employee_id + b.title ? -1 : 1)),
    );
    expect(title('nl', 'Streak')).not.toEqual(title('en', 'Streak'));
  });

  it('sums a batch’s points per person and week and records each share once', async () => {
    const tenant = newTenant();
    const monday = new Date('2026-11-30T10:00:00Z');
    const nextMonday = new Date('2026-12-07T10:00:00Z');
    await apply('notification.points', [
      envelope(pointsEvent(tenant, 'anna', 5, monday) as never),
      envelope(pointsEvent(tenant, 'bert', 3, monday) as never),
      envelope(pointsEvent(tenant, 'anna', 7, monday) as never),
      envelope(pointsEvent(tenant, 'anna', 2, nextMonday) as never),
    ]);
    await apply('notification.points', [envelope(pointsEvent(tenant, 'anna', 1, monday) as never)]);
    const weekly = await db.query<{ employee_id: string; week: string; points: number }[]>(
      `SELECT employee_id, week, points FROM notification.points_weekly WHERE tenant_id = $1
       ORDER BY employee_id, week`,
      [tenant],
    );
    expect(weekly.map((row) => [row.employee_id, row.points])).toEqual([
      ['anna', 13],
      ['anna', 2],
      ['bert', 3],
    ]);
    expect(new Set(weekly.map((row) => row.week)).size).toBe(2);

    const contentId = randomUUID();
    await apply('notification.shares', [
      envelope(shareEvent(tenant, 'anna', monday, { contentId }) as never),
      envelope(shareEvent(tenant, 'anna', nextMonday, { contentId }) as never),
      envelope(shareEvent(tenant, 'bert', monday, { contentId }) as never),
    ]);
    const shared = await db.query<{ employee_id: string }[]>(
      'SELECT employee_id FROM notification.shared WHERE tenant_id = $1 ORDER BY employee_id',
      [tenant],
    );
    expect(shared.map((row) => row.employee_id)).toEqual(['anna', 'bert']);
  });
});
