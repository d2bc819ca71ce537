import { randomUUID } from 'node:crypto';
import { BadgeRules, EventType, NewEvent } from '@advocacy/contracts';
import {
  api,
  collectTopic,
  newTenant,
  publishEvents,
  publishRaw,
  startService,
  startTestInfra,
  StartedService,
  TestInfra,
  waitFor,
} from '@advocacy/testing';
import { ManualClock } from '@advocacy/platform';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app';
import { DEFAULT_BADGE_RULES } from '../src/badges/badge.rules';
import { shareEvent } from './helpers';

const click = (tenantId: string, employeeId: string, unique: boolean, human = true): NewEvent<EventType> => ({
  type: 'link.clicked',
  tenantId,
  subject: employeeId,
  payload: {
    clickId: randomUUID(),
    shareId: randomUUID(),
    employeeId,
    contentId: randomUUID(),
    network: 'linkedin',
    unique,
    human,
  },
});

describe('badges', () => {
  let infra: TestInfra;
  let service: StartedService;
  const clock = new ManualClock(new Date('2027-01-05T12:00:00Z'));

  beforeAll(async () => {
    infra = await startTestInfra({ PERIOD_CLOSE_INTERVAL_MS: '0' });
    service = await startService(createApp, infra.env, { clock });
  });

  afterAll(async () => {
    await service?.close();
    await infra?.teardown();
  });

  it('counts unique human clicks and weekly streaks once and awards each level once, via the outbox', async () => {
    const t = newTenant('badge');
    const admin = api(service.url, infra.token({ tenant: t, sub: 'root', roles: ['admin'] }));
    const employee = api(service.url, infra.token({ tenant: t, sub: 'amy' }));
    expect((await admin.get('/api/v1/badges/rules')).body).toEqual(DEFAULT_BADGE_RULES);
    expect((await employee.get('/api/v1/badges/rules')).status).toBe(403);
    const invalid = await admin.put('/api/v1/badges/rules', { ...DEFAULT_BADGE_RULES, streaks: 'often' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toContain('streaks');

    const rules: BadgeRules = {
      ...DEFAULT_BADGE_RULES,
      thresholds: [
        { badgeId: 'reach', name: 'Reach', metric: 'humanClicks', steps: [{ atLeast: 2, level: 'gold' }] },
      ],
      streaks: [{ badgeId: 'streak', name: 'Streak', steps: [{ weeks: 3, level: 'bronze' }] }],
    };
    expect((await admin.put('/api/v1/badges/rules', rules)).body).toEqual(rules);
    // every save is a version; a refused one is not
    expect((await admin.get('/api/v1/badges/rules/versions')).body.items).toEqual([
      { version: 1, savedBy: 'root', savedAt: expect.any(String), rules },
    ]);
    expect((await employee.get('/api/v1/badges/rules/versions')).status).toBe(403);
    expect((await admin.put('/api/v1/badges/rules', rules)).status).toBe(200);
    const history = (await admin.get('/api/v1/badges/rules/versions')).body.items;
    expect(history.map((item: { version: number }) => item.version)).toEqual([2, 1]);

    const topic = await collectTopic(infra.kafka, `${infra.prefix}badge.v1`);
    try {
      // One unique human click, one repeat and one bot; then the unique one redelivered.
      const data = service.app.get(DataSource);
      const humanClicks = async () =>
        (
          await data.query<{ human_clicks: number }[]>(
            `SELECT human_clicks FROM leaderboard.advocate_counters WHERE tenant_id = $1 AND employee_id = 'amy'`,
            [t],
          )
        )[0]?.human_clicks;
      const [first] = await publishEvents(infra.kafka, infra.prefix, [
        click(t, 'amy', true),
        click(t, 'amy', false),
        click(t, 'amy', true, false),
      ]);
      await waitFor(async () => (await humanClicks()) === 1);
      await publishRaw(infra.kafka, [
        { topic: `${infra.prefix}click.v1`, key: first.key, value: JSON.stringify(first) },
      ]);
      // Shares in 2026-W52, 2026-W53 and 2027-W01 (Amsterdam): three consecutive ISO weeks.
      await publishEvents(infra.kafka, infra.prefix, [
        shareEvent(t, 'amy', '2026-12-22T12:00:00.000Z'),
        shareEvent(t, 'amy', '2027-01-01T12:00:00.000Z'),
        shareEvent(t, 'amy', '2027-01-04T12:00:00.000Z'),
      ]);
      const awarded = await waitFor(async () => {
        const badges = (await employee.get('/api/v1/badges/amy')).body.badges as { badgeId: string }[];
        return badges.some((badge) => badge.badgeId === 'streak') ? badges : undefined;
      });
      expect(awarded.map((badge) => badge.badgeId)).toEqual(['streak']);

      // A second unique click on the same partition, after the redelivered copy: exactly 2.
      await publishEvents(infra.kafka, infra.prefix, [click(t, 'amy', true)]);
      const badges = await waitFor(async () => {
        const list = (await employee.get('/api/v1/badges/amy')).body.badges as { badgeId: string }[];
        return list.length === 2 ? list : undefined;
      });
      expect(await humanClicks()).toBe(2);
      // Listed by award time, then badge id (the clock stands still in this test).
      expect(badges).toEqual([
        expect.objectContaining({ badgeId: 'reach', level: 'gold', reason: 'reached 2 unique human clicks' }),
        expect.objectContaining({
          badgeId: 'streak',
          level: 'bronze',
          reason: 'shared in 3 consecutive weeks',
        }),
      ]);
      const published = await waitFor(() => {
        const ours = topic.messages.map((message) => message.json).filter((json) => json?.tenantId === t);
        return ours.length === 2 ? ours : undefined;
      });
      expect(published.map((event) => [event.type, event.payload.badgeId])).toEqual([
        ['badge.awarded', 'streak'],
        ['badge.awarded', 'reach'],
      ]);
    } finally {
      await topic.stop();
    }
  });
});
