import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, publishDeactivation } from '@advocacy/platform';
import {
  api,
  newTenant,
  publishEvents,
  publishRaw,
  startService,
  startTestInfra,
  StartedService,
  TestInfra,
  waitFor,
} from '@advocacy/testing';
import Redis, { Cluster } from 'ioredis';
import { createApp } from '../src/app';
import { pointsEvent } from './helpers';

/**
 * The board service, unchanged, on a real Redis Cluster of three masters that this test starts
 * (and stops) itself: every Lua script, MULTI and pipeline must stay within one slot.
 * Ports: REDIS_CLUSTER_TEST_PORT (default 4605) and the two after it, plus their bus ports (+10000).
 */
const basePort = Number(process.env.REDIS_CLUSTER_TEST_PORT ?? 4605);
const ports = [basePort, basePort + 1, basePort + 2];
const nodes = ports.map((port) => `127.0.0.1:${port}`);

const redisCli = (port: number, ...args: string[]) =>
  execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' });

describe('leaderboard on a Redis Cluster', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-cluster-'));
  const servers: ChildProcess[] = [];
  let infra: TestInfra;
  let service: StartedService;
  let cluster: Cluster;
  const clock = new ManualClock(new Date('2026-03-29T12:00:00Z'));

  beforeAll(async () => {
    for (const port of ports) {
      const server = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${port}.conf`,
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
        ],
        { stdio: 'ignore' },
      );
      servers.push(server);
    }
    await waitFor(() => ports.every((port) => safe(() => redisCli(port, 'ping').trim() === 'PONG')), {
      message: 'redis-server processes answer',
    });
    execFileSync('redis-cli', ['--cluster', 'create', ...nodes, '--cluster-replicas', '0', '--cluster-yes'], {
      stdio: 'ignore',
    });
    await waitFor(
      () => ports.every((port) => safe(() => redisCli(port, 'cluster', 'info').includes('cluster_state:ok'))),
      { message: 'cluster state ok' },
    );
    infra = await startTestInfra({ PERIOD_CLOSE_INTERVAL_MS: '0', REDIS_CLUSTER_NODES: nodes.join(',') });
    service = await startService(createApp, infra.env, { clock });
    cluster = new Cluster(nodes.map((node) => ({ host: '127.0.0.1', port: Number(node.split(':')[1]) })));
  });

  afterAll(async () => {
    cluster?.disconnect();
    await service?.close();
    await infra?.teardown();
    for (const server of servers) server.kill('SIGTERM');
    await Promise.all(servers.map((server) => new Promise((resolve) => server.once('exit', resolve))));
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes boards through the Lua scripts exactly once and reads ranks and neighbours', async () => {
    const tenants = [newTenant('lbc'), newTenant('lbc'), newTenant('lbc')];
    const events = tenants.flatMap((t) => [
      pointsEvent(t, 'amy', 30, { teamId: 'sales', campaignId: 'spring' }),
      pointsEvent(t, 'bob', 20, { teamId: 'sales' }),
      pointsEvent(t, 'cem', 10, { teamId: 'ops' }),
    ]);
    const published = await publishEvents(infra.kafka, infra.prefix, events);
    // A redelivered envelope must change nothing.
    const first = published[0];
    await publishRaw(infra.kafka, [
      { topic: `${infra.prefix}points.v1`, key: first.key, value: JSON.stringify(first) },
    ]);
    await publishEvents(infra.kafka, infra.prefix, [pointsEvent(tenants[0], 'dan', 1)]);

    const reader = (t: string) =>
      api(service.url, infra.token({ tenant: t, sub: 'viewer', roles: ['employee'] }));
    await waitFor(
      async () =>
        (await reader(tenants[0]).get('/api/v1/leaderboards/global/rank/dan?period=all')).status === 200,
    );
    for (const t of tenants) {
      await waitFor(
        async () => (await reader(t).get('/api/v1/leaderboards/global/rank/cem?period=week')).status === 200,
      );
      const top = await reader(t).get('/api/v1/leaderboards/global?period=week&limit=3');
      expect(top.status).toBe(200);
      expect(
        top.body.entries.map((e: { employeeId: string; points: number }) => [e.employeeId, e.points]),
      ).toEqual([
        ['amy', 30],
        ['bob', 20],
        ['cem', 10],
      ]);
      const rank = await reader(t).get('/api/v1/leaderboards/team:sales/rank/bob?period=month');
      expect(rank.body).toMatchObject({ rank: 2, points: 20 });
      const around = await reader(t).get('/api/v1/leaderboards/global/around/bob?period=all&radius=1');
      expect(around.body.entries.map((e: { employeeId: string }) => e.employeeId)).toEqual([
        'amy',
        'bob',
        'cem',
      ]);
      const campaign = await reader(t).get('/api/v1/leaderboards/campaign:spring/rank/amy?period=all');
      expect(campaign.body).toMatchObject({ rank: 1, points: 30 });
    }

    // The keys really are on the cluster: each tenant in one slot, the tenants spread over masters.
    const slots = new Set<number>();
    for (const t of tenants) {
      const keys: string[] = [];
      for (const master of cluster.nodes('master')) {
        let cursor = '0';
        do {
          const [next, batch] = await master.scan(cursor, 'MATCH', `lb:{${t}}:*`, 'COUNT', 1000);
          cursor = next;
          keys.push(...batch);
        } while (cursor !== '0');
      }
      expect(keys.length).toBeGreaterThan(3);
      const keySlots = new Set(await Promise.all(keys.map((key) => cluster.cluster('KEYSLOT', key))));
      expect(keySlots.size).toBe(1);
      slots.add([...keySlots][0]);
    }
    expect(slots.size).toBe(3);
  });

  it('sees a deactivation written to the cluster: the person is refused at once', async () => {
    const tenant = newTenant('lbc');
    const eve = api(service.url, infra.token({ tenant, sub: 'eve', roles: ['employee'] }));
    expect((await eve.get('/api/v1/leaderboards/global?period=all')).status).toBe(200);
    // The directory writes through the service's own (cluster) client.
    await publishDeactivation(cluster as unknown as Redis, tenant, 'eve', true);
    const refused = await waitFor(async () => {
      const response = await eve.get('/api/v1/leaderboards/global?period=all');
      return response.status === 401 ? response : undefined;
    });
    expect(JSON.stringify(refused.body)).toContain('deactivated');
    await publishDeactivation(cluster as unknown as Redis, tenant, 'eve', false);
    await waitFor(
      async () => (await eve.get('/api/v1/leaderboards/global?period=all')).status === 200 || undefined,
    );
  });
});

function safe(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
