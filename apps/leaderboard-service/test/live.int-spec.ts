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
import { ManualClock } from '@advocacy/platform';
import Redis from 'ioredis';
import { createApp } from '../src/app';
import { bearer, deleteTenantKeys, openEventStream, pointsEvent, shareEvent } from './helpers';

describe('live stream (SSE)', () => {
  let infra: TestInfra;
  let replicaA: StartedService;
  let replicaB: StartedService;
  let redis: Redis;
  const clock = new ManualClock(new Date('2026-03-29T12:00:00Z'));
  const tenants: string[] = [];
  const streams: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    infra = await startTestInfra({
      PERIOD_CLOSE_INTERVAL_MS: '0',
      SSE_HEARTBEAT_MS: '300',
      SSE_COALESCE_MS: '250',
    });
    replicaA = await startService(createApp, infra.env, { clock });
    // A second replica that consumes nothing: its streams learn of changes only through Redis pub/sub.
    replicaB = await startService(createApp, { ...infra.env, CONSUMERS_ENABLED: 'false' }, { clock });
    redis = new Redis(infra.env.REDIS_URL as string);
  });

  afterAll(async () => {
    for (const stream of streams) await stream.close();
    for (const tenant of tenants) await deleteTenantKeys(redis, tenant);
    redis?.disconnect();
    await replicaA?.close();
    await replicaB?.close();
    await infra?.teardown();
  });

  const open = async (url: string, headers?: Record<string, string>) => {
    const stream = await openEventStream(url, headers);
    streams.push(stream);
    return stream;
  };

  it('sends a snapshot, coalesced updates, heartbeats and the viewer’s own badges, on every replica', async () => {
    const t = newTenant('live');
    tenants.push(t);
    const bobToken = infra.token({ tenant: t, sub: 'bob' });
    await publishEvents(infra.kafka, infra.prefix, [pointsEvent(t, 'amy', 10)]);
    await waitFor(
      async () => (await api(replicaA.url, bobToken).get('/api/v1/leaderboards/global')).body.total === 1,
    );

    const stream = await open(
      `${replicaB.url}/api/v1/leaderboards/global/stream?period=all`,
      bearer(bobToken),
    );
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const snapshot = await waitFor(() => stream.events.find((event) => event.event === 'snapshot'));
    expect(snapshot.id).toBe('1');
    expect(snapshot.data.entries).toMatchObject([{ rank: 1, employeeId: 'amy', points: 10 }]);
    expect(snapshot.data.me).toBeNull();

    await publishEvents(infra.kafka, infra.prefix, [pointsEvent(t, 'bob', 20)]);
    const update = await waitFor(() =>
      stream.events.find((event) => event.event === 'update' && event.data.me?.rank === 1),
    );
    expect(update.data.entries.map((entry: { employeeId: string }) => entry.employeeId)).toEqual([
      'bob',
      'amy',
    ]);
    expect(update.data.me).toEqual({
      rank: 1,
      points: 20,
      gapToNext: null,
      total: 2,
      sharedRank: 1,
      tiedWith: 0,
    });

    // A burst of 30 events becomes a few updates, not 30.
    const before = stream.events.length;
    await publishEvents(
      infra.kafka,
      infra.prefix,
      Array.from({ length: 30 }, () => pointsEvent(t, 'cat', 1)),
    );
    await waitFor(() =>
      stream.events.some((event) =>
        event.data.entries?.some(
          (e: { points: number; employeeId: string }) => e.employeeId === 'cat' && e.points === 30,
        ),
      ),
    );
    // Coalesced: far fewer updates than events, and never two within the coalescing window
    // (250 ms on the server; 150 ms leaves room for delivery jitter).
    const burst = stream.events.slice(before).filter((event) => event.event === 'update');
    expect(burst.length).toBeLessThan(30);
    const gaps = burst.slice(1).map((event, index) => event.receivedAt - burst[index].receivedAt);
    expect(gaps.every((gap) => gap >= 150)).toBe(true);

    await publishEvents(infra.kafka, infra.prefix, [shareEvent(t, 'bob'), shareEvent(t, 'amy')]);
    const badge = await waitFor(() => stream.events.find((event) => event.event === 'badge'));
    expect(badge.data).toMatchObject({ employeeId: 'bob', badgeId: 'first-share', name: 'First share' });
    const badges = await api(replicaA.url, bobToken).get('/api/v1/badges/bob');
    expect(badges.body.badges).toEqual([
      expect.objectContaining({ badgeId: 'first-share', level: null, reason: 'reached 1 share' }),
    ]);
    await waitFor(() => stream.raw().includes(': heartbeat'));
    expect(stream.events.filter((event) => event.event === 'badge')).toHaveLength(1);

    const ids = stream.events.map((event) => Number(event.id));
    expect(ids).toEqual(ids.map((_, index) => index + 1));
  });

  it('resumes with Last-Event-ID by sending a fresh snapshot that continues the ids', async () => {
    const t = newTenant('live');
    tenants.push(t);
    const token = infra.token({ tenant: t, sub: 'amy' });
    const stream = await open(`${replicaA.url}/api/v1/leaderboards/global/stream?period=week`, {
      authorization: `Bearer ${token}`,
      'last-event-id': '41',
    });
    const snapshot = await waitFor(() => stream.events.find((event) => event.event === 'snapshot'));
    expect(snapshot.id).toBe('42');
    expect(snapshot.data).toMatchObject({ period: 'week', bucket: '2026-W13', entries: [] });
  });

  it('refuses a stream without a valid token, and any token in the URL', async () => {
    const response = await fetch(`${replicaA.url}/api/v1/leaderboards/global/stream`, {
      headers: bearer('not-a-valid-token'),
    });
    expect(response.status).toBe(401);
    // A token in the query would be kept by access logs, proxies and Referer: refused, even a valid one.
    const inUrl = await fetch(
      `${replicaA.url}/api/v1/leaderboards/global/stream?token=${infra.token({ tenant: newTenant('url'), sub: 'amy' })}`,
    );
    expect(inUrl.status).toBe(400);
    expect(await inUrl.text()).toContain('token');
    const embed = await fetch(`${replicaA.url}/api/v1/leaderboards/global/stream`, {
      headers: { authorization: 'EmbedKey ek_AAAAAAAAAAAAAAAA.not-the-secret' },
    });
    expect(embed.status).toBe(401);
  });
});
