import {
  api,
  collectTopic,
  newTenant,
  publishEvents,
  startService,
  startTestInfra,
  StartedService,
  TestInfra,
  waitFor,
} from '@advocacy/testing';
import { ManualClock } from '@advocacy/platform';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app';
import { PeriodCloseService } from '../src/badges/period-close.service';
import { deleteTenantKeys, pointsEvent } from './helpers';

describe('period close', () => {
  let infra: TestInfra;
  let replicas: StartedService[];
  let redis: Redis;
  const clock = new ManualClock(new Date('2026-03-26T12:00:00Z'));
  const tenants: string[] = [];

  beforeAll(async () => {
    infra = await startTestInfra({ PERIOD_CLOSE_INTERVAL_MS: '0' });
    replicas = [
      await startService(createApp, infra.env, { clock }),
      await startService(createApp, infra.env, { clock }),
    ];
    redis = new Redis(infra.env.REDIS_URL as string);
  });

  afterAll(async () => {
    for (const tenant of tenants) await deleteTenantKeys(redis, tenant);
    redis?.disconnect();
    for (const replica of replicas ?? []) await replica.close();
    await infra?.teardown();
  });

  it('two replicas close a week and a month exactly once: HERO of the week and Team champion, never HERO status', async () => {
    const t = newTenant('close');
    tenants.push(t);
    const badges = await collectTopic(infra.kafka, `${infra.prefix}badge.v1`);
    try {
      // Week 2026-W13 (23–29 March, Amsterdam).
      const standings: [string, number, string][] = [
        ['amy', 150, 'red'],
        ['bob', 60, 'red'],
        ['cat', 40, 'blue'],
        ['dan', 30, 'blue'],
        ['eve', 0, 'blue'],
      ];
      await publishEvents(
        infra.kafka,
        infra.prefix,
        standings.map(([id, points, teamId]) =>
          pointsEvent(t, id, points, { teamId, occurredAt: '2026-03-26T09:00:00.000Z' }),
        ),
      );
      const reader = api(replicas[0].url, infra.token({ tenant: t, sub: 'amy' }));
      await waitFor(
        async () =>
          (await reader.get('/api/v1/leaderboards/global?period=month&at=2026-03-26')).body.total === 5,
      );

      const closeAt = new Date('2026-04-06T08:00:00Z');
      const reports = await Promise.all(
        replicas.map((replica) => replica.app.get(PeriodCloseService).closePeriods(closeAt)),
      );
      const closedWeeks = reports.flatMap((report) => report.weeks).filter((id) => id.startsWith(`${t}:`));
      const closedMonths = reports.flatMap((report) => report.months).filter((id) => id.startsWith(`${t}:`));
      expect(closedWeeks.sort()).toEqual([`${t}:2026-W13`, `${t}:2026-W14`]);
      expect(closedMonths).toEqual([`${t}:2026-03`]);

      const ofTenant = () =>
        badges.messages.map((message) => message.json).filter((json) => json?.tenantId === t);
      const expected = (events: { type: string; payload: { badgeId?: string } }[]) =>
        events.filter((event) => event.type !== 'badge.awarded' || event.payload.badgeId !== 'points').length;
      await waitFor(() => expected(ofTenant()) >= 5, { message: 'rank badges published' });

      const data = replicas[0].app.get(DataSource);
      const rows = await data.query(
        `SELECT employee_id, badge_id, period FROM leaderboard.badge_awards
         WHERE tenant_id = $1 AND badge_id <> 'points' ORDER BY badge_id, employee_id`,
        [t],
      );
      expect(rows).toEqual([
        { employee_id: 'amy', badge_id: 'hero-of-the-week', period: '2026-W13' },
        { employee_id: 'bob', badge_id: 'hero-of-the-week', period: '2026-W13' },
        { employee_id: 'cat', badge_id: 'hero-of-the-week', period: '2026-W13' },
        { employee_id: 'amy', badge_id: 'team-champion', period: '2026-03' },
        { employee_id: 'cat', badge_id: 'team-champion', period: '2026-03' },
      ]);
      // HERO status is the coaching service's (rolling window); a month close no longer decides it.
      expect(ofTenant().filter((event) => event.type.startsWith('hero.'))).toEqual([]);
      expect(ofTenant().filter((event) => event.payload.badgeId === 'hero-of-the-week')).toHaveLength(3);

      // Catching up again finds nothing left to do.
      const again = await replicas[1].app.get(PeriodCloseService).closePeriods(closeAt);
      expect([...again.weeks, ...again.months].filter((id) => id.startsWith(`${t}:`))).toEqual([]);
    } finally {
      await badges.stop();
    }
  });
});
