import { Pool } from 'pg';
import { dlqTopicOf, TOPICS } from '@advocacy/contracts';
import { newTenant, startTestInfra, TestInfra, waitFor } from '@advocacy/testing';
import { employees, expectIntegrity, Load, publishContent } from '../support/integrity';
import {
  freePort,
  PrivateKafka,
  PrivatePostgres,
  PrivateRedis,
  ServiceName,
  ServiceProcess,
} from '../support/stack';

jest.setTimeout(600_000);

const EMPLOYEES = 24;
const CLIENTS = 12;
/** After the fault is over, every board must equal the ledger within this time. */
const SETTLE_MS = 120_000;

/**
 * Faults under a steady load of shares, clicks and engagements: each scenario runs the load, breaks
 * one component for real while requests keep coming, lets it come back, and then checks the
 * integrity invariant (tests/support/integrity.ts). The components are private copies (own Postgres
 * cluster, Redis and Kafka broker) and the services run as their own processes from dist/, so a
 * `kill -9` is a real one. The reconciliation job is off: a repair must not hide a lost point.
 */
describe('score integrity across faults', () => {
  let postgres: PrivatePostgres;
  let redis: PrivateRedis;
  let kafka: PrivateKafka;
  let infra: TestInfra;
  let db: Pool;
  const services = {} as Record<'tracking' | 'scoring' | 'board', ServiceProcess>;
  const saved = { ...process.env };

  beforeAll(async () => {
    postgres = new PrivatePostgres(await freePort());
    redis = new PrivateRedis(await freePort());
    kafka = new PrivateKafka(await freePort(), await freePort());
    await postgres.start();
    postgres.createDatabase('advocacy_fault');
    await redis.start();
    kafka.start();

    process.env.KAFKA_BROKERS = kafka.brokers;
    process.env.TEST_DATABASE_URL = postgres.url('advocacy_fault');
    process.env.TEST_REDIS_URL = redis.url(0);
    infra = await startTestInfra({
      TRUST_PROXY: 'loopback',
      RECONCILE_INTERVAL_MS: '0',
      RECONCILE_CONFIRM_MS: '0',
      DATABASE_POOL_SIZE: '10',
      LOG_LEVEL: 'warn',
    });
    const ports = { tracking: await freePort(), scoring: await freePort(), board: await freePort() };
    const env = { ...infra.env, SCORING_URL: `http://127.0.0.1:${ports.scoring}` };
    const make = (name: ServiceName, port: number) => new ServiceProcess(name, port, env);
    services.tracking = make('share-tracking-service', ports.tracking);
    services.scoring = make('scoring-service', ports.scoring);
    services.board = make('leaderboard-service', ports.board);
    // One after another: each migrates its own schema on start.
    for (const service of Object.values(services)) await service.start();
    // A pool: its connections die with the Postgres crash, and it opens new ones afterwards.
    db = new Pool({ connectionString: postgres.url('advocacy_fault'), max: 2 });
    db.on('error', () => undefined);
  });

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    await Promise.all(Object.values(services).map((service) => service.stop().catch(() => undefined)));
    await infra?.teardown().catch(() => undefined);
    kafka?.destroy();
    redis?.stop();
    postgres?.stop();
    process.env = saved;
  });

  /** A fresh tenant with content, its employees, and the load running against share-tracking. */
  async function underLoad(label: string) {
    const tenant = newTenant(label);
    const content = await publishContent(
      infra.kafka,
      infra.prefix,
      services.tracking.url,
      tenant,
      6,
      infra.token,
    );
    const load = new Load({
      trackingUrl: services.tracking.url,
      tenant,
      content,
      employees: employees(tenant, EMPLOYEES, infra.token),
      integrationToken: infra.token({ tenant, sub: 'feed', roles: ['integration'] }),
      clients: CLIENTS,
    }).start();
    const accepted = (count: number, message: string) =>
      waitFor(() => load.accepted >= count || undefined, { timeoutMs: 120_000, message });
    return { tenant, load, accepted };
  }

  async function deadLettered(): Promise<Record<string, number>> {
    const admin = infra.kafka.admin();
    await admin.connect();
    try {
      const counts: Record<string, number> = {};
      for (const topic of Object.values(TOPICS)) {
        const name = `${infra.prefix}${dlqTopicOf(topic.name)}`;
        const offsets = await admin.fetchTopicOffsets(name);
        const total = offsets.reduce(
          (sum, partition) => sum + Number(partition.high) - Number(partition.low),
          0,
        );
        if (total > 0) counts[name] = total;
      }
      return counts;
    } finally {
      await admin.disconnect();
    }
  }

  async function check(tenant: string, load: Load) {
    const result = await load.stop();
    const report = await expectIntegrity({
      db,
      boardUrl: services.board.url,
      adminToken: infra.token({ tenant, sub: 'root', roles: ['admin'] }),
      tenant,
      accepted: result.accepted,
      timeoutMs: SETTLE_MS,
    });
    expect(report.shares).toBeGreaterThanOrEqual(result.accepted.length);
    // The broker is this file's own: any dead letter at all is a good event an outage threw away.
    expect(await deadLettered()).toEqual({});
    return { ...report, requests: result.requests, failures: result.failures };
  }

  /** The points rows the scoring service committed so far, to see that work was in flight. */
  const ledgerLines = async (tenant: string) =>
    (
      await db.query<{ n: number }>('SELECT count(*)::int AS n FROM scoring.ledger WHERE tenant_id = $1', [
        tenant,
      ])
    ).rows[0].n;

  it('kill -9 of the scoring service in the middle of its batches', async () => {
    const { tenant, load, accepted } = await underLoad('kill-scoring');
    await accepted(40, 'load before the kill');
    expect(await ledgerLines(tenant)).toBeGreaterThan(0);
    await services.scoring.kill9();
    const atKill = load.accepted;
    await accepted(atKill + 40, 'shares accepted while scoring is dead');
    await services.scoring.start();
    await accepted(load.accepted + 40, 'load after the restart');
    const report = await check(tenant, load);
    expect(report.ledgerEntries).toBeGreaterThan(atKill);
  });

  it('kill -9 of the leaderboard service in the middle of its batches', async () => {
    const { tenant, load, accepted } = await underLoad('kill-board');
    await accepted(40, 'load before the kill');
    await services.board.kill9();
    await accepted(load.accepted + 40, 'shares accepted while the leaderboard is dead');
    await services.board.start();
    await accepted(load.accepted + 40, 'load after the restart');
    await check(tenant, load);
  });

  it('a PostgreSQL crash and restart', async () => {
    const { tenant, load, accepted } = await underLoad('pg-restart');
    await accepted(40, 'load before the crash');
    const before = load.accepted;
    await postgres.restart('immediate');
    await accepted(before + 60, 'shares accepted after Postgres is back');
    await check(tenant, load);
  });

  it('a broker stop and start', async () => {
    const { tenant, load, accepted } = await underLoad('broker');
    await accepted(40, 'load before the broker stops');
    kafka.stop();
    // share-tracking keeps accepting: the shares wait in its outbox.
    await accepted(load.accepted + 30, 'shares accepted while the broker is down');
    kafka.start();
    await accepted(load.accepted + 40, 'load after the broker is back');
    await check(tenant, load);
  });

  it('Redis FLUSHDB under load, followed by the rebuild from the ledger', async () => {
    const { tenant, load, accepted } = await underLoad('flush');
    await accepted(60, 'load before the flush');
    expect(redis.cli('-n', '0', 'FLUSHDB').trim()).toBe('OK');
    await accepted(load.accepted + 20, 'load after the flush');
    const admin = infra.token({ tenant, sub: 'root', roles: ['admin'] });
    const rebuilt = await fetch(`${services.board.url}/api/v1/leaderboards/rebuild`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(rebuilt.status).toBe(200);
    await accepted(load.accepted + 20, 'load after the rebuild');
    await check(tenant, load);
  });
});
