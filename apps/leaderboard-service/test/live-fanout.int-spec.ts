import http from 'node:http';
import {
  newTenant,
  publishEvents,
  StartedService,
  TestInfra,
  useTestSetUp,
  waitFor,
} from '@advocacy/testing';
import { ManualClock } from '@advocacy/platform';
import Redis from 'ioredis';
import { createApp } from '../src/app';
import { LiveFanout } from '../src/live/live.fanout';
import { LiveHub } from '../src/live/live.hub';
import { LiveService } from '../src/live/live.service';
import { bearer, deleteTenantKeys, openEventStream, pointsEvent } from './helpers';

const timeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

/** Opens a stream with node:http and destroys it after `afterMs` (0: right after sending the request). */
function openAndDrop(url: string, token: string, afterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const headers = { accept: 'text/event-stream', ...bearer(token) };
    const request = http.get(url, { agent: false, headers }, (response) => {
      response.on('data', () => undefined);
      setTimeout(() => {
        request.destroy();
        resolve();
      }, afterMs);
    });
    request.on('error', () => resolve());
    if (afterMs === 0)
      setImmediate(() => {
        request.destroy();
        resolve();
      });
  });
}

async function readsSoFar(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^leaderboard_live_board_reads_total(?:\{[^}]*\})? (\d+)/m.exec(text);
  if (!match) throw new Error('no leaderboard_live_board_reads_total in /metrics');
  return Number(match[1]);
}

describe('live fan-out: shared reads, no leaks, expiry and a cap per token', () => {
  const setUp = useTestSetUp({
    PERIOD_CLOSE_INTERVAL_MS: '0',
    SSE_HEARTBEAT_MS: '200',
    SSE_COALESCE_MS: '100',
    SSE_STREAMS_PER_SUBJECT: '3',
  });
  let infra: TestInfra;
  let service: StartedService;
  const clock = new ManualClock(new Date('2026-03-29T12:00:00Z'));
  const tenants: string[] = [];

  beforeAll(async () => {
    infra = setUp.infra;
    service = await setUp.start(createApp, { clock });
    setUp.release(new Redis(infra.env.REDIS_URL as string), async (client) => {
      for (const tenant of tenants) await deleteTenantKeys(client, tenant);
      client.disconnect();
    });
  });

  const held = () => ({
    fanout: service.app.get(LiveFanout).stats(),
    live: service.app.get(LiveService).stats(),
    listeners: service.app.get(LiveHub).listenerCount(),
  });

  it('releases every timer, listener and slot of 200 streams opened and closed at once', async () => {
    const t = newTenant('leak');
    tenants.push(t);
    await publishEvents(infra.kafka, infra.prefix, [pointsEvent(t, 'amy', 10)]);
    const baseline = timeouts();
    // 200 viewers (the cap is per subject), dropped at every moment: before the answer, during the
    // first board read, after the snapshot.
    await Promise.all(
      Array.from({ length: 200 }, (_, index) => {
        const token = infra.token({ tenant: t, sub: `viewer${index}` });
        const url = `${service.url}/api/v1/leaderboards/global/stream?period=all`;
        return openAndDrop(url, token, [0, 1, 5, 20, 80][index % 5]);
      }),
    );
    // A change on the board while they are gone reaches nobody and arms nothing.
    await publishEvents(infra.kafka, infra.prefix, [pointsEvent(t, 'bob', 5)]);
    await waitFor(() => {
      const now = held();
      return (
        now.fanout.channels === 0 &&
        now.fanout.subscriptions === 0 &&
        now.fanout.timers === 0 &&
        now.live.streams === 0 &&
        now.live.subjects === 0 &&
        !now.live.heartbeat &&
        now.listeners === 0
      );
    });
    // The process-wide count too: nothing of the streams is left behind (a few unrelated timers of
    // the clients and the consumer come and go).
    await waitFor(() => timeouts() <= baseline + 5);
    const text = await (await fetch(`${service.url}/metrics`)).text();
    expect(text).toMatch(/^sse_open_streams(?:\{[^}]*\})? 0$/m);
  });

  it('reads the board once per update tick for every stream of that board', async () => {
    const t = newTenant('fan');
    tenants.push(t);
    await publishEvents(infra.kafka, infra.prefix, [pointsEvent(t, 'amy', 10)]);
    const streams = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        openEventStream(
          `${service.url}/api/v1/leaderboards/global/stream?period=all`,
          bearer(infra.token({ tenant: t, sub: `v${index}` })),
        ),
      ),
    );
    try {
      await waitFor(() =>
        streams.every((stream) => stream.events.some((event) => event.event === 'snapshot')),
      );
      const before = await readsSoFar(service.url);
      await publishEvents(infra.kafka, infra.prefix, [pointsEvent(t, 'v7', 50)]);
      await waitFor(() =>
        streams.every((stream) =>
          stream.events.some(
            (event) => event.event === 'update' && event.data.entries?.[0]?.employeeId === 'v7',
          ),
        ),
      );
      // One event, one tick: one read for all 40 streams (2 allows a tick already under way).
      expect((await readsSoFar(service.url)) - before).toBeLessThanOrEqual(2);
      const mine = streams[7].events.filter((event) => event.event === 'update').at(-1);
      expect(mine?.data.me).toEqual({
        rank: 1,
        points: 50,
        gapToNext: null,
        total: 2,
        sharedRank: 1,
        tiedWith: 0,
      });
      const other = streams[3].events.filter((event) => event.event === 'update').at(-1);
      expect(other?.data.me).toBeNull();
    } finally {
      for (const stream of streams) await stream.close();
    }
  });

  it('ends a stream when its token expires', async () => {
    const t = newTenant('exp');
    tenants.push(t);
    const token = infra.token({ tenant: t, sub: 'amy', expiresInSeconds: 4 });
    const stream = await openEventStream(
      `${service.url}/api/v1/leaderboards/global/stream?period=all`,
      bearer(token),
    );
    try {
      expect(stream.status).toBe(200);
      expect(stream.ended()).toBe(false);
      // Ends by itself (a loaded machine may delay the snapshot, never the end past a few seconds).
      await waitFor(() => stream.ended(), { timeoutMs: 10_000 });
      expect(stream.events.at(-1)?.event).toBe('expired');
    } finally {
      await stream.close();
    }
  });

  it('caps the open streams of one token, and frees the slot when one closes', async () => {
    const t = newTenant('cap');
    tenants.push(t);
    const url = `${service.url}/api/v1/leaderboards/global/stream?period=all`;
    const amy = bearer(infra.token({ tenant: t, sub: 'amy' }));
    const open = [
      await openEventStream(url, amy),
      await openEventStream(url, amy),
      await openEventStream(url, amy),
    ];
    try {
      expect(open.map((stream) => stream.status)).toEqual([200, 200, 200]);
      const refused = await fetch(url, { headers: amy });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBeTruthy();
      expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
      // Another advocate of the same tenant is not affected.
      const other = await openEventStream(url, bearer(infra.token({ tenant: t, sub: 'bob' })));
      expect(other.status).toBe(200);
      await other.close();
      await open.shift()?.close();
      const again = await waitFor(async () => {
        const stream = await openEventStream(url, amy);
        if (stream.status === 200) return stream;
        await stream.close();
        return undefined;
      });
      open.push(again);
    } finally {
      for (const stream of open) await stream.close();
    }
  });
});
