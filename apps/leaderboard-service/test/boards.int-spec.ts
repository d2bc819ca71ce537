import {
  api,
  newTenant,
  publishEvents,
  publishRaw,
  StartedService,
  TestInfra,
  useTestSetUp,
  waitFor,
} from '@advocacy/testing';
import { ManualClock } from '@advocacy/platform';
import Redis from 'ioredis';
import { createApp } from '../src/app';
import { deleteTenantKeys, pointsEvent } from './helpers';

describe('boards', () => {
  const setUp = useTestSetUp({ PERIOD_CLOSE_INTERVAL_MS: '0' });
  let infra: TestInfra;
  let service: StartedService;
  let redis: Redis;
  const clock = new ManualClock(new Date('2026-03-29T12:00:00Z'));
  const tenants: string[] = [];

  beforeAll(async () => {
    infra = setUp.infra;
    service = await setUp.start(createApp, { clock });
    redis = setUp.release(new Redis(infra.env.REDIS_URL as string), async (client) => {
      for (const tenant of tenants) await deleteTenantKeys(client, tenant);
      client.disconnect();
    });
  });

  const tenant = () => {
    const id = newTenant('lb');
    tenants.push(id);
    return id;
  };
  const reader = (tenantId: string, sub = 'viewer', roles: ('employee' | 'admin')[] = ['employee']) =>
    api(service.url, infra.token({ tenant: tenantId, sub, roles }));

  const pointsOf = async (tenantId: string, scope: string, period: string, id: string, at?: string) => {
    const query = `period=${period}${at ? `&at=${at}` : ''}`;
    const response = await reader(tenantId).get(`/api/v1/leaderboards/${scope}/rank/${id}?${query}`);
    return response.status === 200 ? (response.body.points as number) : null;
  };

  it('puts points on every affected board exactly once, even when the event is redelivered', async () => {
    const t = tenant();
    const [first] = await publishEvents(infra.kafka, infra.prefix, [
      pointsEvent(t, 'amy', 10, { teamId: 'sales', campaignId: 'spring' }),
    ]);
    await waitFor(async () => (await pointsOf(t, 'global', 'all', 'amy')) === 10);

    // The same envelope again (as after a consumer crash), then a marker on the same key: once the
    // marker is on the board, the redelivered copy has been consumed before it.
    await publishRaw(infra.kafka, [
      { topic: `${infra.prefix}points.v1`, key: first.key, value: JSON.stringify(first) },
    ]);
    await publishEvents(infra.kafka, infra.prefix, [
      pointsEvent(t, 'amy', 1, { teamId: 'sales', campaignId: 'spring' }),
    ]);
    await waitFor(async () => (await pointsOf(t, 'global', 'all', 'amy')) === 11, {
      message: 'marker applied',
    });

    for (const scope of ['global', 'team:sales', 'campaign:spring']) {
      for (const period of ['day', 'week', 'month', 'all']) {
        expect({ scope, period, points: await pointsOf(t, scope, period, 'amy') }).toEqual({
          scope,
          period,
          points: 11,
        });
      }
    }
    for (const period of ['day', 'week', 'month', 'all']) {
      const teams = await reader(t).get(`/api/v1/leaderboards/teams?period=${period}`);
      expect(teams.body.entries).toEqual([
        { rank: 1, teamId: 'sales', points: 11, value: 11, active: 1, members: 1 },
      ]);
    }
    const day = await reader(t).get('/api/v1/leaderboards/global?period=day');
    expect(day.body).toMatchObject({ period: 'day', bucket: '2026-03-29', total: 1 });
    const week = await reader(t).get('/api/v1/leaderboards/global?period=week');
    expect(week.body.bucket).toBe('2026-W13');
    expect(await pointsOf(t, 'team:other', 'all', 'amy')).toBeNull();
  });

  it('keeps closed buckets queryable with ?at= in the tenant time zone', async () => {
    const t = tenant();
    // 23:30 UTC on 28 March is already 29 March in Amsterdam.
    await publishEvents(infra.kafka, infra.prefix, [
      pointsEvent(t, 'bo', 7, { occurredAt: '2026-03-27T10:00:00.000Z' }),
      pointsEvent(t, 'bo', 5, { occurredAt: '2026-03-28T23:30:00.000Z' }),
    ]);
    await waitFor(async () => (await pointsOf(t, 'global', 'all', 'bo')) === 12);
    expect(await pointsOf(t, 'global', 'day', 'bo', '2026-03-27')).toBe(7);
    expect(await pointsOf(t, 'global', 'day', 'bo', '2026-03-28')).toBeNull();
    expect(await pointsOf(t, 'global', 'day', 'bo')).toBe(5);
    expect(await pointsOf(t, 'global', 'week', 'bo', '2026-03-27')).toBe(12);
    const key = `lb:{${t}}:global:day:2026-03-27:g1`;
    // Retention: the end of the local day (28 March 00:00 CET) plus 13 months, in CEST by then.
    expect(await redis.call('EXPIRETIME', key)).toBe(Date.parse('2027-04-27T22:00:00Z') / 1000);
    expect(await redis.ttl(`lb:{${t}}:global:all:all:g1`)).toBe(-1);
  });

  it('orders equal points by who reached the total first', async () => {
    const t = tenant();
    const top = async () =>
      (
        (await reader(t).get('/api/v1/leaderboards/global?period=all')).body.entries as {
          employeeId: string;
        }[]
      ).map((entry) => entry.employeeId);
    // Reverse byte order of the ids would put zed first; amy earned her 10 points a millisecond earlier.
    await publishEvents(infra.kafka, infra.prefix, [
      pointsEvent(t, 'zed', 10, { occurredAt: '2026-03-29T12:00:00.001Z' }),
      pointsEvent(t, 'amy', 10, { occurredAt: '2026-03-29T12:00:00.000Z' }),
    ]);
    await waitFor(async () => (await reader(t).get('/api/v1/leaderboards/global')).body.total === 2);
    expect(await top()).toEqual(['amy', 'zed']);
    // zed reaches 15 first; amy's later event leaves her second at 15.
    await publishEvents(infra.kafka, infra.prefix, [
      pointsEvent(t, 'zed', 5, { occurredAt: '2026-03-29T13:00:00.000Z' }),
      pointsEvent(t, 'amy', 5, { occurredAt: '2026-03-29T13:00:05.000Z' }),
    ]);
    await waitFor(async () => (await pointsOf(t, 'global', 'all', 'amy')) === 15);
    await waitFor(async () => (await pointsOf(t, 'global', 'all', 'zed')) === 15);
    expect(await top()).toEqual(['zed', 'amy']);
    // A late event stamped earlier than zed's total does not move amy ahead: she reached 16 at 13:00:05 at the earliest.
    await publishEvents(infra.kafka, infra.prefix, [
      pointsEvent(t, 'amy', 1, { occurredAt: '2026-03-29T11:00:00.000Z' }),
      pointsEvent(t, 'zed', 1, { occurredAt: '2026-03-29T13:00:01.000Z' }),
    ]);
    await waitFor(async () => (await pointsOf(t, 'global', 'all', 'amy')) === 16);
    await waitFor(async () => (await pointsOf(t, 'global', 'all', 'zed')) === 16);
    expect(await top()).toEqual(['zed', 'amy']);
  });

  it('tells a tie as people read it: shared rank and how many share the points', async () => {
    const t = tenant();
    await publishEvents(infra.kafka, infra.prefix, [
      pointsEvent(t, 'top', 50),
      pointsEvent(t, 'tie1', 30, { occurredAt: '2026-03-29T10:00:00.000Z' }),
      pointsEvent(t, 'tie2', 30, { occurredAt: '2026-03-29T10:00:01.000Z' }),
      pointsEvent(t, 'tie3', 30, { occurredAt: '2026-03-29T10:00:02.000Z' }),
      pointsEvent(t, 'low', 10),
    ]);
    await waitFor(async () => (await reader(t).get('/api/v1/leaderboards/global')).body.total === 5);
    const rankOf = async (id: string) => (await reader(t).get(`/api/v1/leaderboards/global/rank/${id}`)).body;

    expect(await rankOf('top')).toMatchObject({ rank: 1, sharedRank: 1, tiedWith: 0 });
    expect(await rankOf('tie1')).toMatchObject({ rank: 2, sharedRank: 2, tiedWith: 2, gapToNext: 20 });
    // The board's order still breaks the tie (who reached 30 first); the shared rank does not.
    expect(await rankOf('tie3')).toMatchObject({ rank: 4, sharedRank: 2, tiedWith: 2, gapToNext: 0 });
    expect(await rankOf('low')).toMatchObject({ rank: 5, sharedRank: 5, tiedWith: 0, gapToNext: 20 });
  });

  it('answers rank and around-me at the edges: first, last and absent', async () => {
    const t = tenant();
    await publishEvents(infra.kafka, infra.prefix, [
      pointsEvent(t, 'a1', 40, { teamId: 'red' }),
      pointsEvent(t, 'a2', 30, { teamId: 'red' }),
      pointsEvent(t, 'a3', 20, { teamId: 'blue' }),
      pointsEvent(t, 'a4', 5, { teamId: 'blue' }),
    ]);
    await waitFor(async () => (await reader(t).get('/api/v1/leaderboards/global')).body.total === 4);
    const board = reader(t);

    const first = await board.get('/api/v1/leaderboards/global/rank/a1');
    expect(first.body).toMatchObject({ rank: 1, points: 40, gapToNext: null, total: 4 });
    const last = await board.get('/api/v1/leaderboards/global/rank/a4');
    expect(last.body).toMatchObject({ rank: 4, points: 5, gapToNext: 15, total: 4 });
    const absent = await board.get('/api/v1/leaderboards/global/rank/nobody');
    expect(absent.status).toBe(404);
    expect(absent.body.error.code).toBe('not_found');

    const aroundFirst = await board.get('/api/v1/leaderboards/global/around/a1?radius=1');
    expect(aroundFirst.body.rank).toBe(1);
    expect(
      aroundFirst.body.entries.map((e: { rank: number; employeeId: string }) => [e.rank, e.employeeId]),
    ).toEqual([
      [1, 'a1'],
      [2, 'a2'],
    ]);
    const aroundLast = await board.get('/api/v1/leaderboards/global/around/a4?radius=2');
    expect(aroundLast.body.entries.map((e: { rank: number }) => e.rank)).toEqual([2, 3, 4]);
    const aroundMiddle = await board.get('/api/v1/leaderboards/global/around/a2?radius=1');
    expect(aroundMiddle.body.entries.map((e: { employeeId: string }) => e.employeeId)).toEqual([
      'a1',
      'a2',
      'a3',
    ]);
    expect((await board.get('/api/v1/leaderboards/global/around/nobody')).status).toBe(404);

    const teams = await board.get('/api/v1/leaderboards/teams/rank/blue');
    expect(teams.body).toMatchObject({ rank: 2, points: 25, gapToNext: 45, total: 2 });
    const page = await board.get('/api/v1/leaderboards/global?limit=2&offset=2');
    expect(
      page.body.entries.map((e: { rank: number; employeeId: string }) => [e.rank, e.employeeId]),
    ).toEqual([
      [3, 'a3'],
      [4, 'a4'],
    ]);
  });

  it('shows display names and teams from advocate.v1 and hides opted-out advocates without losing points', async () => {
    const t = tenant();
    await publishEvents(infra.kafka, infra.prefix, [
      {
        type: 'advocate.profile-updated',
        tenantId: t,
        subject: 'amy',
        payload: {
          employeeId: 'amy',
          displayName: 'Amy Adams',
          teamId: 'sales',
          role: null,
          topics: [],
          language: 'en',
        },
      },
      pointsEvent(t, 'amy', 20, { teamId: 'sales' }),
      pointsEvent(t, 'bob', 10, { teamId: 'sales' }),
    ]);
    await waitFor(async () => {
      const entries = (await reader(t).get('/api/v1/leaderboards/global')).body.entries;
      return entries?.length === 2 && entries[0].displayName === 'Amy Adams';
    });
    const board = await reader(t).get('/api/v1/leaderboards/global');
    expect(board.body.entries[0]).toEqual({
      rank: 1,
      employeeId: 'amy',
      displayName: 'Amy Adams',
      teamId: 'sales',
      points: 20,
      hero: false,
    });

    const admin = reader(t, 'root', ['admin']);
    expect((await reader(t).put('/api/v1/leaderboards/hidden/amy')).status).toBe(403);
    expect((await admin.put('/api/v1/leaderboards/hidden/amy')).status).toBe(204);
    const hidden = await reader(t).get('/api/v1/leaderboards/global');
    expect(
      hidden.body.entries.map((e: { rank: number; employeeId: string }) => [e.rank, e.employeeId]),
    ).toEqual([[1, 'bob']]);
    expect((await reader(t).get('/api/v1/leaderboards/global/rank/amy')).status).toBe(404);

    await publishEvents(infra.kafka, infra.prefix, [pointsEvent(t, 'amy', 5, { teamId: 'sales' })]);
    await waitFor(
      async () => (await reader(t).get('/api/v1/leaderboards/teams')).body.entries?.[0]?.points === 35,
    );
    expect((await reader(t).get('/api/v1/leaderboards/global')).body.total).toBe(1);

    expect((await admin.delete('/api/v1/leaderboards/hidden/amy')).status).toBe(204);
    expect(await pointsOf(t, 'global', 'all', 'amy')).toBe(25);
    expect(await pointsOf(t, 'team:sales', 'week', 'amy')).toBe(25);
  });

  it('validates input, scopes by tenant and checks roles', async () => {
    const t = tenant();
    const other = tenant();
    await publishEvents(infra.kafka, infra.prefix, [pointsEvent(t, 'amy', 10)]);
    await waitFor(async () => (await pointsOf(t, 'global', 'all', 'amy')) === 10);
    expect((await reader(other).get('/api/v1/leaderboards/global')).body.entries).toEqual([]);
    const bad = await reader(t).get('/api/v1/leaderboards/nope?period=year');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect((await api(service.url).get('/api/v1/leaderboards/global')).status).toBe(401);
    // The time zone moved to the tenant settings of the content service.
    const zone = await reader(t, 'root', ['admin']).put('/api/v1/leaderboards/settings', {
      timeZone: 'Asia/Tokyo',
    });
    expect(zone.status).toBe(410);
    expect(zone.body.error.code).toBe('moved_to_tenant_settings');
    expect((await reader(t).get('/api/v1/leaderboards/settings')).status).toBe(410);
    const docs = await api(service.url).get('/openapi.json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/leaderboards/{scope}',
        '/api/v1/leaderboards/{scope}/rank/{id}',
        '/api/v1/leaderboards/{scope}/around/{id}',
        '/api/v1/leaderboards/{scope}/stream',
        '/api/v1/leaderboards/rebuild',
        '/api/v1/badges/rules',
        '/api/v1/badges/{employeeId}',
      ]),
    );
  });
});
