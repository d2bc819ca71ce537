import { randomUUID } from 'node:crypto';
import { AnyEnvelope, createEnvelope, TOPICS } from '@advocacy/contracts';
import { Registry } from 'prom-client';
import {
  collectTopic,
  newTenant,
  randomId,
  shareEvent,
  startTestInfra,
  TestInfra,
  waitFor,
} from '@advocacy/testing';
import { EventProducer } from './producer';
import { BatchContext, inGroup, joined, KafkaBatchTransport } from './transport';

const TOPIC = TOPICS.points.name;
const POISON = 13;

interface Call {
  ids: string[];
  types: string[];
  topic: string;
  partitions: readonly number[];
}

/**
 * The batch transport against the real broker: one handler call per fetch and topic, per-key order,
 * and the failure path — a merged call that fails is retried per partition, a poison message goes to
 * the DLQ with its reason, and everything else is applied exactly once.
 */
describe('KafkaBatchTransport', () => {
  let infra: TestInfra;
  const transports: KafkaBatchTransport[] = [];
  const producers: EventProducer[] = [];

  beforeAll(async () => {
    infra = await startTestInfra();
  });

  afterAll(async () => {
    for (const transport of transports) await transport.close();
    for (const producer of producers) await producer.disconnect();
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
        teamId: null,
        points,
        reason: 'share',
        sourceEventId: randomUUID(),
        occurredAt: new Date().toISOString(),
      },
    }) as AnyEnvelope;

  /** Through the idempotent producer: a retried send never duplicates a message on the wire. */
  const publish = async (envelopes: AnyEnvelope[]) => {
    const producer = new EventProducer(infra.kafka, {
      brokers: [],
      clientId: 'transport-test',
      topicPrefix: infra.prefix,
    });
    producers.push(producer);
    await producer.publish(envelopes);
  };

  /**
   * Starts a consumer of its own group. The handler applies a call's envelopes only when it does not
   * throw (as a transaction would), and throws when the call holds a poison envelope.
   */
  async function consume(
    tenantId: string,
    topics: readonly string[] = [TOPIC],
    extras?: object,
    lingerMs?: number,
  ) {
    const calls: Call[] = [];
    const applied: AnyEnvelope[] = [];
    const producer = new EventProducer(infra.kafka, {
      brokers: [],
      clientId: 'transport-test',
      topicPrefix: infra.prefix,
    });
    producers.push(producer);
    const transport = new KafkaBatchTransport(
      infra.kafka,
      producer,
      {
        service: `transport-test-${randomId()}`,
        topicPrefix: infra.prefix,
        concurrency: 64,
        maxWaitTimeMs: 100,
        retryDelayMs: 20,
        lingerMs,
      },
      new Registry(),
    );
    transports.push(transport);
    const handler = async (envelopes: AnyEnvelope[], context: BatchContext) => {
      const ours = envelopes.filter((envelope) => envelope.tenantId === tenantId);
      if (ours.length > 0)
        calls.push({
          ids: ours.map((e) => e.id),
          types: [...new Set(ours.map((e) => e.type))].sort(),
          topic: context.topic,
          partitions: context.partitions,
        });
      await Promise.resolve();
      if (ours.some((e) => e.type === 'points.awarded' && e.payload.points === POISON)) {
        throw new Error('poison envelope');
      }
      applied.push(...ours);
    };
    for (const topic of topics) transport.addHandler(topic, handler, true, extras);
    await new Promise<void>((resolve, reject) =>
      transport.listen((error?: unknown) =>
        error ? reject(error instanceof Error ? error : new Error('the consumer did not start')) : resolve(),
      ),
    );
    return { calls, applied };
  }

  /** Points per employee in the order they were applied, for the per-key order check. */
  const sequences = (envelopes: readonly AnyEnvelope[]) => {
    const out = new Map<string, number[]>();
    for (const envelope of envelopes) {
      if (envelope.type !== 'points.awarded') continue;
      const list = out.get(envelope.payload.employeeId) ?? [];
      list.push(envelope.payload.points);
      out.set(envelope.payload.employeeId, list);
    }
    return out;
  };

  it("applies one fetch's batches of a topic in one handler call, each key in order", async () => {
    const tenant = newTenant();
    const sent: AnyEnvelope[] = [];
    // 40 employees × 3 events: keys spread over the topic's partitions, points 1, 2, 3 per key.
    for (let points = 1; points <= 3; points += 1) {
      for (let index = 0; index < 40; index += 1) sent.push(awarded(tenant, `e${index}`, points));
    }
    await publish(sent);
    const { calls, applied } = await consume(tenant);

    await waitFor(() => applied.length >= sent.length || undefined, { message: 'every event applied' });
    expect(applied.map((e) => e.id).sort()).toEqual(sent.map((e) => e.id).sort());
    for (const [, points] of sequences(applied)) expect(points).toEqual([1, 2, 3]);
    const partitions = new Set(calls.flatMap((call) => call.partitions));
    expect(partitions.size).toBeGreaterThan(1);
    // Published before the consumer started: the first fetch holds them all, so far fewer calls than
    // partitions (one per partition before) — one call carries several partitions' batches.
    expect(calls.length).toBeLessThan(partitions.size);
    expect(Math.max(...calls.map((call) => call.partitions.length))).toBeGreaterThan(1);
  });

  it.each([
    ['joined', true, joined('activity')],
    ['apart', false, undefined],
  ])(
    "a handler of two topics, %s: both topics' batches of a fetch in one call → %s",
    async (_name, together, extras) => {
      const tenant = newTenant();
      const sent: AnyEnvelope[] = [];
      for (let index = 0; index < 20; index += 1) {
        sent.push(
          awarded(tenant, `e${index}`, 1),
          createEnvelope(shareEvent(tenant, `e${index}`, new Date())),
        );
      }
      await publish(sent);
      const { calls, applied } = await consume(tenant, [TOPIC, TOPICS.share.name], extras);

      await waitFor(() => applied.length >= sent.length || undefined, { message: 'every event applied' });
      expect(applied.map((e) => e.id).sort()).toEqual(sent.map((e) => e.id).sort());
      const mixed = calls.filter((call) => call.types.length > 1);
      // Published before the consumer started, both topics come in the first fetch.
      expect(mixed.length > 0).toBe(together);
      if (together)
        expect(mixed[0]).toMatchObject({ topic: 'activity', types: ['points.awarded', 'share.recorded'] });
      else expect(new Set(calls.map((call) => call.topic))).toEqual(new Set([TOPIC, TOPICS.share.name]));
    },
  );

  it('retries a failed merged call per partition: the poison goes to the DLQ, the rest applies once', async () => {
    const tenant = newTenant();
    const dlq = await collectTopic(infra.kafka, `${infra.prefix}${TOPIC}.dlq`);
    try {
      const sent: AnyEnvelope[] = [];
      for (let index = 0; index < 30; index += 1) sent.push(awarded(tenant, `e${index}`, 1));
      const poison = awarded(tenant, 'e7', POISON);
      const after = awarded(tenant, 'e7', 2);
      sent.push(poison, after);
      await publish(sent);
      const { calls, applied } = await consume(tenant);

      const healthy = sent.filter((e) => e.id !== poison.id);
      await waitFor(() => applied.length >= healthy.length || undefined, {
        message: 'healthy events applied',
      });
      await waitFor(() => dlq.messages.find((m) => m.json?.id === poison.id), {
        message: 'poison in the DLQ',
      });
      expect(applied.map((e) => e.id).sort()).toEqual(healthy.map((e) => e.id).sort());
      // The poison's own key keeps its order around the hole it left.
      expect(sequences(applied).get('e7')).toEqual([1, 2]);
      const dead = dlq.messages.filter((m) => m.json?.tenantId === tenant);
      expect(dead).toHaveLength(1);
      expect(String(dead[0].message.headers?.['dlq-reason'])).toContain('poison envelope');
      // The merged call failed first, then batches were applied partition by partition.
      expect(calls[0].partitions.length).toBeGreaterThan(1);
      expect(calls.slice(1).some((call) => call.partitions.length === 1)).toBe(true);

      // The partition keeps moving: a later event of the same key is applied, once.
      const later = awarded(tenant, 'e7', 3);
      await publish([later]);
      await waitFor(() => applied.find((e) => e.id === later.id), { message: 'later event applied' });
      expect(applied.filter((e) => e.id === later.id)).toHaveLength(1);
    } finally {
      await dlq.stop();
    }
  });

  it('a lingering consumer takes what arrived during its linger in one call', async () => {
    const tenant = newTenant();
    const { calls, applied } = await consume(tenant, [TOPIC], undefined, 1500);
    const producer = new EventProducer(infra.kafka, {
      brokers: [],
      clientId: 'transport-test',
      topicPrefix: infra.prefix,
    });
    producers.push(producer);
    const first = awarded(tenant, 'e0', 1);
    await producer.publish([first]);
    await waitFor(() => applied.find((e) => e.id === first.id), { message: 'first event applied' });
    // Eight more, 100 ms apart: a fetch answers as soon as one message is there, so without the
    // linger each is a call of its own (8 calls, checked by setting lingerMs to 0); with it they come
    // in the one or two fetches the linger allows in that time.
    const rest: AnyEnvelope[] = [];
    for (let index = 1; index <= 8; index += 1) {
      const event = awarded(tenant, `e${index}`, 1);
      rest.push(event);
      await producer.publish([event]);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await waitFor(() => applied.length >= rest.length + 1 || undefined, { message: 'every event applied' });
    expect(applied.map((e) => e.id).sort()).toEqual([first, ...rest].map((e) => e.id).sort());
    expect(calls.length - 1).toBeLessThanOrEqual(3);
  });

  it('a handler declared in a group runs in a consumer group of its own, and only there', async () => {
    const tenant = newTenant();
    const producer = new EventProducer(infra.kafka, {
      brokers: [],
      clientId: 'transport-test',
      topicPrefix: infra.prefix,
    });
    producers.push(producer);
    const service = `transport-test-${randomId()}`;
    const main = new KafkaBatchTransport(
      infra.kafka,
      producer,
      { service, topicPrefix: infra.prefix, concurrency: 64, maxWaitTimeMs: 100 },
      new Registry(),
    );
    const side = main.forGroup('side', 200);
    transports.push(main, side);
    const seen = { board: [] as string[], side: [] as string[] };
    const ours = (envelopes: AnyEnvelope[]) =>
      envelopes.filter((e) => e.tenantId === tenant).map((e) => e.id);
    for (const transport of [main, side]) {
      // as Nest registers them: every transport gets every handler of the app
      transport.addHandler(
        TOPIC,
        async (envelopes: AnyEnvelope[]) => void seen.board.push(...ours(envelopes)),
        true,
      );
      transport.addHandler(
        TOPIC,
        async (envelopes: AnyEnvelope[]) => void seen.side.push(...ours(envelopes)),
        true,
        inGroup('side'),
      );
    }
    expect(main.declaredGroups()).toEqual([{ group: 'side', lingerMs: undefined }]);
    expect(main.topics()).toEqual([TOPIC]);
    expect(side.topics()).toEqual([TOPIC]);
    for (const transport of [main, side])
      await new Promise<void>((resolve, reject) =>
        transport.listen((error?: unknown) =>
          error
            ? reject(error instanceof Error ? error : new Error('the consumer did not start'))
            : resolve(),
        ),
      );
    const sent = Array.from({ length: 10 }, (_, index) => awarded(tenant, `e${index}`, 1));
    await producer.publish(sent);
    await waitFor(() => (seen.board.length >= 10 && seen.side.length >= 10) || undefined, {
      message: 'both groups applied every event',
    });
    expect(seen.board.sort()).toEqual(sent.map((e) => e.id).sort());
    expect(seen.side.sort()).toEqual(sent.map((e) => e.id).sort());
    // two consumer groups, each with its own committed offsets
    const admin = infra.kafka.admin();
    await admin.connect();
    try {
      const groups = (await admin.listGroups()).groups.map((group) => group.groupId);
      expect(groups).toEqual(
        expect.arrayContaining([`${infra.prefix}${service}`, `${infra.prefix}${service}-side`]),
      );
    } finally {
      await admin.disconnect();
    }
  });
});
