import { randomUUID } from 'node:crypto';
import { createEnvelope } from '@advocacy/contracts';
import { EventProducer, OutboxWriter } from '@advocacy/messaging';
import { DataSource } from 'typeorm';
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
import { createApp as createLeaderboard } from '../../apps/leaderboard-service/src/app';

/** Delivery guarantees of libs/messaging, seen through the leaderboard's points consumer. */
describe('messaging: redelivery, dead letters, tenant isolation', () => {
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

  const awarded = (tenantId: string, employeeId: string, points: number) =>
    createEnvelope({
      type: 'points.awarded',
      tenantId,
      subject: employeeId,
      payload: {
        entryId: randomUUID(),
        employeeId,
        teamId: 'sales',
        points,
        reason: 'share',
        sourceEventId: randomUUID(),
        occurredAt: new Date().toISOString(),
      },
    });

  const boardOf = async (tenant: string) => {
    const token = infra.token({ tenant, sub: 'viewer' });
    const response = await api(board.url, token).get('/api/v1/leaderboards/global?period=all&limit=50');
    return response.body.entries as { employeeId: string; points: number }[];
  };

  it('applies a redelivered envelope (same id) only once', async () => {
    const tenant = newTenant();
    const envelope = awarded(tenant, 'carol', 7);
    const marker = awarded(tenant, 'marker', 1);
    const topic = `${infra.prefix}points.v1`;
    const message = { topic, key: envelope.key, value: JSON.stringify(envelope) };
    // The same envelope three times, then a marker on the same partition key order: once the marker
    // is visible, every copy before it has been consumed.
    await publishRaw(infra.kafka, [message, message]);
    await publishRaw(infra.kafka, [message, { topic, key: envelope.key, value: JSON.stringify(marker) }]);
    const entries = await waitFor(async () => {
      const rows = await boardOf(tenant);
      return rows.some((row) => row.employeeId === 'marker') ? rows : undefined;
    });
    expect(entries.find((row) => row.employeeId === 'carol')?.points).toBe(7);
  });

  it('sends a malformed message to the DLQ with its reason and keeps consuming the partition', async () => {
    const tenant = newTenant();
    const key = `${tenant}:dave`;
    const topic = `${infra.prefix}points.v1`;
    const dlq = await collectTopic(infra.kafka, `${topic}.dlq`);
    try {
      const broken = { ...awarded(tenant, 'dave', 5), payload: { employeeId: 'dave', points: 'many' } };
      await publishRaw(infra.kafka, [
        { topic, key, value: '{not json' },
        { topic, key, value: JSON.stringify(broken) },
        { topic, key, value: JSON.stringify(awarded(tenant, 'dave', 5)) },
      ]);
      const rows = await waitFor(async () => {
        const entries = await boardOf(tenant);
        return entries.length > 0 ? entries : undefined;
      });
      expect(rows).toEqual([expect.objectContaining({ employeeId: 'dave', points: 5 })]);

      const dead = await waitFor(() => {
        const mine = dlq.messages.filter((item) => item.message.key?.toString() === key);
        return mine.length >= 2 ? mine : undefined;
      });
      const reasons = dead.map((item) => item.message.headers?.['dlq-reason']?.toString() ?? '');
      expect(reasons[0]).toMatch(/not JSON/);
      expect(reasons[1]).toMatch(/invalid points\.awarded payload: .*points/);
      expect(dead[0].message.headers?.['dlq-original-topic']?.toString()).toBe(topic);
      expect(dead[0].message.headers?.['dlq-original-offset']).toBeDefined();
    } finally {
      await dlq.stop();
    }
  });

  it('relays only the outbox rows of its own topic prefix', async () => {
    const tenant = newTenant();
    const dataSource = board.app.get(DataSource);
    const badge = (employeeId: string) =>
      createEnvelope({
        type: 'badge.awarded',
        tenantId: tenant,
        subject: employeeId,
        payload: { employeeId, badgeId: 'first-share' },
      });
    // A row another deployment (another prefix) wrote into the same table, then one of ours after it.
    const foreign = badge('zed');
    await dataSource.query(
      `INSERT INTO leaderboard.outbox (id, topic, key, envelope) VALUES ($1, $2, $3, $4::jsonb)`,
      [foreign.id, 'elsewhere.badge.v1', foreign.key, JSON.stringify(foreign)],
    );
    const ours = badge('yara');
    await dataSource.transaction((manager) => board.app.get(OutboxWriter).addEnvelopes(manager, [ours]));

    const topic = await collectTopic(infra.kafka, `${infra.prefix}badge.v1`);
    try {
      await waitFor(() => topic.messages.some((item) => item.json?.id === ours.id));
      expect(topic.messages.some((item) => item.json?.id === foreign.id)).toBe(false);
      const left = await dataSource.query<{ id: string }[]>(
        `SELECT id FROM leaderboard.outbox WHERE id = $1`,
        [foreign.id],
      );
      expect(left).toHaveLength(1);
    } finally {
      await topic.stop();
      await dataSource.query(`DELETE FROM leaderboard.outbox WHERE id = $1`, [foreign.id]);
    }
  });

  it('publishes a row whose transaction commits after a higher seq was already published, exactly once', async () => {
    const tenant = newTenant();
    const dataSource = board.app.get(DataSource);
    const writer = board.app.get(OutboxWriter);
    const badge = (employeeId: string) =>
      createEnvelope({
        type: 'badge.awarded',
        tenantId: tenant,
        subject: employeeId,
        payload: { employeeId, badgeId: 'first-share' },
      });
    const topic = await collectTopic(infra.kafka, `${infra.prefix}badge.v1`);
    const slow = badge('early');
    const fast = badge('late');
    const runner = dataSource.createQueryRunner();
    try {
      // The slow writer takes the lower seq and stays open; the fast one commits above it. The slow
      // one commits while the relay is publishing the fast row, between its SELECT and its DELETE: the
      // old range delete (`seq <= max`) then removed the slow row without ever publishing it.
      await runner.startTransaction();
      await writer.addEnvelopes(runner.manager, [slow]);
      const producer = board.app.get(EventProducer);
      const publishRows = producer.publishRows.bind(producer);
      let committed = false;
      jest.spyOn(producer, 'publishRows').mockImplementation(async (rows, ...rest) => {
        if (!committed && rows.some((row) => row.id === fast.id)) {
          committed = true;
          await runner.commitTransaction();
        }
        return publishRows(rows, ...rest);
      });
      await dataSource.transaction((manager) => writer.addEnvelopes(manager, [fast]));
      await waitFor(() => topic.messages.some((item) => item.json?.id === fast.id));
      expect(committed).toBe(true);
      await waitFor(() => topic.messages.some((item) => item.json?.id === slow.id), {
        message: 'the late-committing row was published',
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const ids = topic.messages
        .map((item) => item.json?.id)
        .filter((id) => id === slow.id || id === fast.id);
      expect(ids.sort()).toEqual([fast.id, slow.id].sort());
      const left = await dataSource.query<{ id: string }[]>(
        'SELECT id FROM leaderboard.outbox WHERE id = ANY($1::uuid[])',
        [[slow.id, fast.id]],
      );
      expect(left).toEqual([]);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
      jest.restoreAllMocks();
      await topic.stop();
    }
  });

  it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty'])(
    'sends an envelope of type %s to the DLQ and keeps consuming the partition',
    async (type) => {
      const tenant = newTenant();
      const key = `${tenant}:poison`;
      const topic = `${infra.prefix}points.v1`;
      const dlq = await collectTopic(infra.kafka, `${topic}.dlq`);
      try {
        const poison = { ...awarded(tenant, 'poison', 5), type };
        await publishRaw(infra.kafka, [
          { topic, key, value: JSON.stringify(poison) },
          { topic, key, value: JSON.stringify(awarded(tenant, 'poison', 4)) },
        ]);
        const rows = await waitFor(async () => {
          const entries = await boardOf(tenant);
          return entries.length > 0 ? entries : undefined;
        });
        expect(rows).toEqual([expect.objectContaining({ employeeId: 'poison', points: 4 })]);
        const [dead] = await waitFor(() => {
          const mine = dlq.messages.filter((item) => item.message.key?.toString() === key);
          return mine.length >= 1 ? mine : undefined;
        });
        expect(dead.message.headers?.['dlq-reason']?.toString()).toBe(`unknown event type "${type}"`);
      } finally {
        await dlq.stop();
      }
    },
  );

  it("never shows one tenant's board to another tenant", async () => {
    const acme = newTenant('acme');
    const globex = newTenant('globex');
    await publishEvents(infra.kafka, infra.prefix, [
      { type: 'points.awarded', tenantId: acme, subject: 'erin', payload: awarded(acme, 'erin', 3).payload },
    ]);
    await waitFor(async () => ((await boardOf(acme)).length > 0 ? true : undefined));
    expect(await boardOf(globex)).toEqual([]);
  });
});
