import { randomUUID } from 'node:crypto';
import { NewEvent } from '@advocacy/contracts';
import {
  api,
  newTenant,
  publishEvents,
  startService,
  startTestInfra,
  StartedService,
  TestInfra,
  waitFor,
} from '@advocacy/testing';
import { DataSource } from 'typeorm';
import { createApp as createCoaching } from '../../apps/coaching-service/src/app';
import { createApp as createContent } from '../../apps/content-service/src/app';
import { createApp as createLeaderboard } from '../../apps/leaderboard-service/src/app';
import { DigestService } from '../../apps/notification-service/src/email/digest.service';
import { createApp as createNotification } from '../../apps/notification-service/src/app';
import { ShiftedClock } from '../../apps/notification-service/test/helpers';
import { createApp as createScoring } from '../../apps/scoring-service/src/app';

/**
 * One PUT of the tenant's settings on the content service moves the day and week boundaries of the
 * daily cap (scoring), the boards (leaderboard), the coaching weeks and the digests (notification).
 *
 * The events sit around New York's switch to summer time (Sunday 8 March 2026, 07:00 UTC):
 *   A 2026-03-08T06:30Z  Amsterdam Sun 07:30 | New York Sun 01:30 EST
 *   B 2026-03-09T03:30Z  Amsterdam Mon 04:30 | New York Sun 23:30 EDT (22:30 on a fixed -05:00)
 *   C 2026-03-09T04:30Z  Amsterdam Mon 05:30 | New York Mon 00:30 EDT (Sunday on a fixed -05:00)
 * Alice's three shares come before the PUT (Amsterdam, Monday weeks), Bob's after it (New York,
 * Sunday weeks). With 10 points a share and a cap of 15 a day, the cap takes 5 from the second
 * share of a local day, so who got what tells which calendar each service used.
 */
describe('tenant settings: one PUT moves every period boundary', () => {
  const A = '2026-03-08T06:30:00Z';
  const B = '2026-03-09T03:30:00Z';
  const C = '2026-03-09T04:30:00Z';
  let infra: TestInfra;
  let content: StartedService;
  let scoring: StartedService;
  let board: StartedService;
  let coaching: StartedService;
  let notification: StartedService;
  const scoringClock = new ShiftedClock();
  const notificationClock = new ShiftedClock();

  beforeAll(async () => {
    infra = await startTestInfra();
    content = await startService(createContent, infra.env);
    scoring = await startService(createScoring, infra.env, { clock: scoringClock });
    board = await startService(createLeaderboard, infra.env);
    coaching = await startService(createCoaching, infra.env);
    notification = await startService(
      createNotification,
      {
        ...infra.env,
        UNSUBSCRIBE_SECRET: 'e2e-unsubscribe-secret-0123456789',
        // The test runs the digests itself, at the instants it chooses.
        SEND_WORKER_INTERVAL_MS: '0',
        SCHEDULE_INTERVAL_MS: '0',
        RETENTION_INTERVAL_MS: '0',
      },
      { clock: notificationClock },
    );
  });

  afterAll(async () => {
    await Promise.all([content, scoring, board, coaching, notification].map((service) => service?.close()));
    await infra?.teardown();
  });

  const share = (tenant: string, employeeId: string, occurredAt: string): NewEvent<'share.recorded'> => ({
    type: 'share.recorded',
    tenantId: tenant,
    subject: employeeId,
    occurredAt,
    payload: {
      shareId: randomUUID(),
      employeeId,
      teamId: null,
      contentId: randomUUID(),
      network: 'linkedin',
      linkCode: `code${randomUUID().slice(0, 8)}`,
    },
  });

  const profile = (tenant: string, employeeId: string): NewEvent<'advocate.profile-updated'> => ({
    type: 'advocate.profile-updated',
    tenantId: tenant,
    subject: employeeId,
    payload: {
      employeeId,
      displayName: employeeId,
      teamId: null,
      role: null,
      topics: [],
      language: 'en',
      email: `${employeeId}-${randomUUID().slice(0, 8)}@example.com`,
    },
  });

  const query = <T>(service: StartedService, sql: string, params: unknown[]) =>
    service.app.get(DataSource).query<T[]>(sql, params);

  /** Points of each of the employee's ledger lines, in the order they occurred. */
  const pointsOf = async (tenant: string, employeeId: string): Promise<number[] | undefined> => {
    const token = infra.token({ tenant, sub: employeeId });
    const me = await api(scoring.url, token).get('/api/v1/points/me?limit=10');
    const items = (me.body.history?.items ?? []) as { points: number; occurredAt: string }[];
    if (items.length < 3) return undefined;
    return items.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt)).map((item) => item.points);
  };

  const boardOf = async (tenant: string, period: 'day' | 'week', at: string) => {
    const token = infra.token({ tenant, sub: 'viewer' });
    const response = await api(board.url, token).get(`/api/v1/leaderboards/global?period=${period}&at=${at}`);
    return Object.fromEntries(
      (response.body.entries as { employeeId: string; points: number }[]).map((entry) => [
        entry.employeeId,
        entry.points,
      ]),
    );
  };

  const weeksOf = async (tenant: string, employeeId: string) =>
    Object.fromEntries(
      (
        await query<{ week: string; points: number }>(
          coaching,
          'SELECT week, points FROM coaching.points_weekly WHERE tenant_id = $1 AND employee_id = $2',
          [tenant, employeeId],
        )
      ).map((row) => [row.week, row.points]),
    );

  const digestDays = async (tenant: string, employeeId: string) =>
    (
      await query<{ period: string }>(
        notification,
        `SELECT period FROM notification.schedule_claims
          WHERE tenant_id = $1 AND job = 'digest' AND subject = $2 ORDER BY period`,
        [tenant, employeeId],
      )
    ).map((row) => row.period);

  const mailable = async (tenant: string) =>
    (
      await query(
        notification,
        'SELECT 1 FROM notification.advocates WHERE tenant_id = $1 AND email IS NOT NULL',
        [tenant],
      )
    ).length;

  /** Runs the digests at each instant (every day at 00:00 local is due: the claim names the local day). */
  const runDigestsAt = async (...instants: string[]) => {
    for (const instant of instants) {
      notificationClock.set(instant);
      await notification.app.get(DigestService).runDigests();
    }
  };

  it('moves the cap day, the board days and weeks, the coaching weeks and the digest days', async () => {
    const tenant = newTenant('tz');
    const admin = (url: string) => api(url, infra.token({ tenant, sub: 'root', roles: ['admin'] }));

    // Rules in effect from 1 March: 10 points a share, at most 15 a local day, repeats score.
    scoringClock.set('2026-03-01T00:00:00Z');
    const rules = await admin(scoring.url).put('/api/v1/scoring/rules', {
      dailyCap: 15,
      repeatShareWindowHours: 0,
    });
    expect(rules.status).toBe(200);
    const defaults = await admin(notification.url).put('/api/v1/notification-preferences/defaults', {
      digest: { enabled: true, days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], hour: 0 },
    });
    expect(defaults.status).toBe(200);

    // Before the PUT: the default calendar, Europe/Amsterdam with Monday weeks.
    await publishEvents(infra.kafka, infra.prefix, [
      profile(tenant, 'alice'),
      share(tenant, 'alice', A),
      share(tenant, 'alice', B),
      share(tenant, 'alice', C),
    ]);
    expect(await waitFor(() => pointsOf(tenant, 'alice'))).toEqual([10, 10, 5]);
    await waitFor(async () => Object.keys(await weeksOf(tenant, 'alice')).length === 2 || undefined);
    await waitFor(async () => (await boardOf(tenant, 'day', '2026-03-09')).alice === 15 || undefined);
    await waitFor(async () => (await mailable(tenant)) === 1 || undefined);
    await runDigestsAt(B, C);
    expect(await digestDays(tenant, 'alice')).toEqual(['2026-03-09']);

    // The one PUT.
    const put = await admin(content.url).put('/api/v1/tenant/settings', {
      timeZone: 'America/New_York',
      weekStart: 'sunday',
      languages: ['en', 'nl'],
      programmeName: 'Voices of Acme',
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ timeZone: 'America/New_York', weekStart: 'sunday', version: 1 });
    const projections: [StartedService, string][] = [
      [scoring, 'scoring'],
      [board, 'leaderboard'],
      [coaching, 'coaching'],
      [notification, 'notification'],
    ];
    for (const [service, schema] of projections) {
      await waitFor(
        async () =>
          (
            await query<{ version: number }>(
              service,
              `SELECT version FROM ${schema}.tenant_settings WHERE tenant_id = $1`,
              [tenant],
            )
          )[0]?.version === 1 || undefined,
        { message: 'every service projected the settings' },
      );
    }

    await publishEvents(infra.kafka, infra.prefix, [
      profile(tenant, 'bob'),
      share(tenant, 'bob', A),
      share(tenant, 'bob', B),
      share(tenant, 'bob', C),
    ]);

    // Scoring: A and B are one New York Sunday (23 hours long), C is Monday.
    expect(await waitFor(() => pointsOf(tenant, 'bob'))).toEqual([10, 5, 10]);
    const me = await api(scoring.url, infra.token({ tenant, sub: 'bob' })).get('/api/v1/points/me');
    expect(me.body.timeZone).toBe('America/New_York');

    // Boards: the day buckets are New York days now; Alice's stay where Amsterdam put them.
    await waitFor(async () => (await boardOf(tenant, 'day', '2026-03-09')).bob === 10 || undefined);
    expect(await boardOf(tenant, 'day', '2026-03-08')).toEqual({ alice: 10, bob: 15 });
    expect(await boardOf(tenant, 'day', '2026-03-09')).toEqual({ alice: 15, bob: 10 });
    // Sunday weeks: Sunday 8 March opens the week named after Monday 9 March (W11).
    expect(await boardOf(tenant, 'week', '2026-03-08')).toEqual({ alice: 15, bob: 25 });

    // Coaching weeks: Alice's in Amsterdam Monday weeks, Bob's in one New York Sunday week.
    expect(await weeksOf(tenant, 'alice')).toEqual({ '2026-W10': 10, '2026-W11': 15 });
    await waitFor(async () => (await weeksOf(tenant, 'bob'))['2026-W11'] === 25 || undefined);
    expect(await weeksOf(tenant, 'bob')).toEqual({ '2026-W11': 25 });

    // Digests: at B it is still Sunday in New York, at C it is Monday.
    await waitFor(async () => (await mailable(tenant)) === 2 || undefined);
    await runDigestsAt(B, C);
    expect(await digestDays(tenant, 'bob')).toEqual(['2026-03-08', '2026-03-09']);
    expect(await digestDays(tenant, 'alice')).toEqual(['2026-03-08', '2026-03-09']);
  });

  it('answers 400 naming the field for a bad zone, and 410 on the boards endpoint it replaced', async () => {
    const tenant = newTenant('tz');
    const admin = api(content.url, infra.token({ tenant, sub: 'root', roles: ['admin'] }));
    const bad = await admin.put('/api/v1/tenant/settings', { timeZone: 'Mars/Olympus', weekStart: 'friday' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('timeZone');
    expect(bad.body.error.message).toContain('weekStart');
    const old = await api(board.url, infra.token({ tenant, sub: 'root', roles: ['admin'] })).put(
      '/api/v1/leaderboards/settings',
      { timeZone: 'Asia/Tokyo' },
    );
    expect(old.status).toBe(410);
  });
});
