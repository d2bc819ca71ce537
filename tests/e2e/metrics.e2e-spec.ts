import { execFileSync } from 'node:child_process';
import { createApp as createLeaderboard } from '../../apps/leaderboard-service/src/app';
import {
  api,
  newTenant,
  startService,
  startTestInfra,
  StartedService,
  TestInfra,
  waitFor,
} from '@advocacy/testing';

/** The samples of one metric whose labels include all of `labels`. */
function samples(text: string, name: string, labels: Record<string, string> = {}): number[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
    .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)));
}

describe('/metrics', () => {
  let infra: TestInfra;
  let board: StartedService;

  beforeAll(async () => {
    infra = await startTestInfra();
    board = await startService(createLeaderboard, infra.env);
  });

  afterAll(async () => {
    await board.close();
    await infra.teardown();
  });

  it('counts 401 and 404 by route template, and has pool, Redis, SSE and outbox metrics that promtool accepts', async () => {
    const tenant = newTenant();
    const token = infra.token({ tenant, sub: 'alice', roles: ['employee'] });
    expect((await api(board.url).get('/api/v1/leaderboards/global?period=all')).status).toBe(401);
    expect((await api(board.url).get('/no/such/path/42')).status).toBe(404);
    expect((await api(board.url, token).get('/api/v1/leaderboards/global?period=all')).status).toBe(200);

    const controller = new AbortController();
    const stream = await fetch(`${board.url}/api/v1/leaderboards/global/stream?period=all`, {
      signal: controller.signal,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(stream.status).toBe(200);
    try {
      const text = await waitFor(async () => {
        const body = (await api(board.url).get('/metrics')).text;
        return samples(body, 'sse_open_streams')[0] === 1 ? body : undefined;
      });
      const count = 'http_request_duration_seconds_count';
      expect(samples(text, count, { route: '/api/v1/leaderboards/:scope', status: '401' })).toEqual([1]);
      expect(samples(text, count, { route: '/api/v1/leaderboards/:scope', status: '200' })).toEqual([1]);
      expect(samples(text, count, { route: 'unmatched', status: '404' })).toEqual([1]);
      expect(text).not.toContain('/no/such/path/42');
      expect(samples(text, 'db_pool_connections', { state: 'idle' })).toHaveLength(1);
      expect(samples(text, 'db_pool_waiting_clients')).toEqual([0]);
      expect(samples(text, 'outbox_oldest_age_seconds')).toHaveLength(1);
      expect(text).toContain('# TYPE kafka_batch_duration_seconds histogram');
      // The board read above went to Redis: its commands are timed.
      const redisCommands = samples(text, 'redis_command_duration_seconds_count', { outcome: 'ok' });
      expect(redisCommands.reduce((sum, value) => sum + value, 0)).toBeGreaterThan(0);

      // promtool lints names, units and help texts; it prints nothing when every metric is fine.
      const lint = execFileSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      expect(lint).toBe('');
    } finally {
      controller.abort();
    }
  });
});
