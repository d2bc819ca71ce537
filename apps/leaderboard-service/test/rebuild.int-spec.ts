import { randomUUID } from 'node:crypto';
import {
  api,
  newTenant,
  publishEvents,
  StartedService,
  TestInfra,
  useTestSetUp,
  waitFor,
} from '@advocacy/testing';
import { EventType, NewEvent } from '@advocacy/contracts';
import { ManualClock } from '@advocacy/platform';
import Redis from 'ioredis';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the test runs the real scoring service in-process
import { createApp as createScoring } from '../../scoring-service/src/app';
import { createApp } from '../src/app';
import { BoardStore } from '../src/boards/board.store';
import { deleteTenantKeys, pointsEvent, shareEvent } from './helpers';

describe('rebuild from the scoring ledger', () => {
  const setUp = useTestSetUp({ PERIOD_CLOSE_INTERVAL_MS: '0' });
  let infra: TestInfra;
  let scoring: StartedService;
  let board: StartedService;
  let redis: Redis;
  const clock = new ManualClock(new Date('2026-03-29T12:00:00Z'));
  const tenants: string[] = [];

  beforeAll(async () => {
    infra = setUp.infra;
    scoring = await setUp.start(createScoring, { clock });
    board = await setUp.start(createApp, { clock }, { SCORING_URL: scoring.url });
    redis = setUp.release(new Redis(infra.env.REDIS_URL as string), async (client) => {
      for (const tenant of tenants) await deleteTenantKeys(client, tenant);
      client.disconnect();
    });
  });

  it('deleting every key of the tenant and rebuilding yields identical boards', async () => {
    const t = newTenant('rebuild');
    tenants.push(t);
    const admin = api(board.url, infra.token({ tenant: t, sub: 'root', roles: ['admin'] }));
    // Distinct share counts give distinct totals: no ties whose order depends on partition timing.
    const plan: [string, string, string | null, number][] = [
      ['amy', 'red', 'launch', 5],
      ['bob', 'red', null, 4],
      ['cat', 'blue', 'launch', 3],
      ['dan', 'blue', null, 2],
      ['eve', 'green', null, 1],
    ];
    const events: NewEvent<EventType>[] = plan.flatMap(([employeeId, teamId, campaignId, shares]) =>
      Array.from({ length: shares }, (_, index) => {
        const event = shareEvent(
          t,
          employeeId,
          `2026-03-${String(23 + index).padStart(2, '0')}T12:00:00.000Z`,
        );
        return { ...event, payload: { ...event.payload, teamId, campaignId } };
      }),
    );
    await publishEvents(infra.kafka, infra.prefix, [
      {
        type: 'advocate.profile-updated',
        tenantId: t,
        subject: 'amy',
        payload: {
          employeeId: 'amy',
          displayName: 'Amy Adams',
          teamId: 'red',
          role: null,
          topics: [],
          language: 'en',
        },
      },
      ...events,
    ]);

    // The ledger is the truth: wait until the board holds every ledger entry.
    const ledgerTotals = async () => {
      const response = await fetch(`${scoring.url}/api/v1/ledger/export?since=0`, {
        headers: { authorization: `Bearer ${infra.token({ tenant: t, sub: 'root', roles: ['admin'] })}` },
      });
      const lines = (await response.text())
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
      const totals = new Map<string, number>();
      for (const line of lines) totals.set(line.employeeId, (totals.get(line.employeeId) ?? 0) + line.points);
      return { count: lines.length, totals };
    };
    const ledger = await waitFor(async () => {
      const found = await ledgerTotals();
      return found.count === events.length ? found : undefined;
    });
    await waitFor(async () => {
      const entries = (await admin.get('/api/v1/leaderboards/global?limit=100')).body.entries as {
        employeeId: string;
        points: number;
      }[];
      return (
        entries.length === plan.length &&
        entries.some((entry) => (entry as { displayName?: string }).displayName === 'Amy Adams') &&
        entries.every((entry) => ledger.totals.get(entry.employeeId) === entry.points)
      );
    });

    const scopes = ['global', 'teams', 'team:red', 'team:blue', 'team:green', 'campaign:launch'];
    const views = [
      'period=all',
      'period=month',
      'period=week',
      'period=day',
      'period=day&at=2026-03-23',
      'period=week&at=2026-03-23',
    ];
    const snapshot = async () => {
      const out: Record<string, unknown> = {};
      for (const scope of scopes) {
        for (const view of views) {
          const response = await admin.get(`/api/v1/leaderboards/${scope}?${view}&limit=100`);
          out[`${scope}?${view}`] = response.body.entries.map(
            (entry: {
              rank: number;
              employeeId?: string;
              displayName?: string | null;
              teamId: string | null;
              points: number;
            }) => [entry.rank, entry.employeeId ?? entry.teamId, entry.displayName ?? null, entry.points],
          );
        }
      }
      return out;
    };
    const before = await snapshot();
    expect((before['global?period=all'] as unknown[]).length).toBe(5);
    expect((before['campaign:launch?period=all'] as unknown[]).length).toBe(2);
    expect((before['global?period=day&at=2026-03-23'] as unknown[]).length).toBe(5);
    expect((before['global?period=all'] as unknown[])[0]).toEqual([1, 'amy', 'Amy Adams', 50]);

    expect(await deleteTenantKeys(redis, t)).toBeGreaterThan(0);
    expect((await admin.get('/api/v1/leaderboards/global')).body.entries).toEqual([]);

    const employee = api(board.url, infra.token({ tenant: t, sub: 'amy' }));
    expect((await employee.post('/api/v1/leaderboards/rebuild')).status).toBe(403);
    const rebuilt = await admin.post('/api/v1/leaderboards/rebuild');
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body).toMatchObject({ previousGeneration: 1, generation: 2, entries: events.length });

    expect(await snapshot()).toEqual(before);

    // Live events keep flowing into the new generation, once.
    await publishEvents(infra.kafka, infra.prefix, [shareEvent(t, 'eve')]);
    await waitFor(async () => {
      const rank = await admin.get('/api/v1/leaderboards/global/rank/eve');
      return rank.body.points > (ledger.totals.get('eve') ?? 0);
    });
  });

  it('applies events that arrive during a rebuild to both generations, and the replay counts them once', async () => {
    const t = newTenant('rebuild');
    tenants.push(t);
    const store = board.app.get(BoardStore);
    const admin = api(board.url, infra.token({ tenant: t, sub: 'root', roles: ['admin'] }));
    await publishEvents(infra.kafka, infra.prefix, [pointsEvent(t, 'amy', 10)]);
    await waitFor(async () => (await admin.get('/api/v1/leaderboards/global/rank/amy')).body.points === 10);

    const { current, next } = await store.startRebuild(t);
    expect([current, next]).toEqual([1, 2]);
    expect((await store.startRebuild(t)).next).toBeNull();
    const during = pointsEvent(t, 'amy', 5);
    await publishEvents(infra.kafka, infra.prefix, [during]);
    const oldKey = `lb:{${t}}:global:all:all:g1`;
    const newKey = `lb:{${t}}:global:all:all:g2`;
    const scoreIn = async (key: string) => {
      const member = await redis.hget(`${key}:m`, 'amy');
      return member ? Number(await redis.zscore(key, member)) : null;
    };
    await waitFor(async () => (await scoreIn(newKey)) === 5, { message: 'live event in the new generation' });
    expect(await scoreIn(oldKey)).toBe(15);

    // The export replays the same ledger entry: the new generation dedupes it by entry id.
    const payload = during.payload as { entryId: string; occurredAt: string };
    const replay = {
      envelopeId: '',
      entryId: payload.entryId,
      employeeId: 'amy',
      teamId: null,
      points: 5,
      occurredAt: payload.occurredAt,
      boards: [
        { scope: 'global', period: 'all' as const, bucket: 'all', kind: 'employee' as const, expireAt: 0 },
      ],
    };
    await store.applyPoints(t, replay, [], 0);
    const replayedOnly = randomUUID();
    await store.applyPoints(t, { ...replay, entryId: replayedOnly, points: 10 }, [], 0);
    expect(await scoreIn(newKey)).toBe(15);

    // Reads stay on generation 1 until the switch, then move to 2 atomically.
    expect((await admin.get('/api/v1/leaderboards/global/rank/amy')).body.points).toBe(15);
    expect(await store.finishRebuild(t, current, 2, 60, 3600)).toBe(true);
    expect((await admin.get('/api/v1/leaderboards/global/rank/amy')).body.points).toBe(15);
    expect(await redis.ttl(oldKey)).toBeGreaterThan(0);
    expect(await redis.ttl(newKey)).toBe(-1);

    // The live event of an entry the export already replayed arrives after the switch (it was
    // still in the outbox or in the consumer's lag): it counts once, not twice.
    const late = pointsEvent(t, 'amy', 10);
    (late.payload as { entryId: string }).entryId = replayedOnly;
    const marker = pointsEvent(t, 'amy', 1);
    await publishEvents(infra.kafka, infra.prefix, [late, marker]);
    await waitFor(async () => (await scoreIn(newKey)) === 16, { message: 'the marker event arrived' });
    expect((await admin.get('/api/v1/leaderboards/global/rank/amy')).body.points).toBe(16);
  });
});
