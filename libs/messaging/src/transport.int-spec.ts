import { randomUUID } from 'node:crypto';
import { Controller, Inject, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern } from '@nestjs/microservices';
import { AnyEnvelope, createEnvelope } from '@advocacy/contracts';
import { Registry } from 'prom-client';
import { collectTopic, publishRaw, startTestInfra, TestInfra, waitFor } from '@advocacy/testing';
import { EventProducer } from './producer';
import { HandlerErrorPassThrough } from './messaging.module';
import { BatchContext, KafkaBatchTransport } from './transport';

/** What the test's handler does with a batch; the test swaps it per scenario. */
type Behaviour = (envelopes: AnyEnvelope[], context: BatchContext) => Promise<void>;
const BEHAVIOUR = Symbol('BEHAVIOUR');

@Controller()
class ProbeHandler {
  constructor(@Inject(BEHAVIOUR) private readonly behaviour: { current: Behaviour }) {}

  @EventPattern('points.v1')
  handle(envelopes: AnyEnvelope[], context: BatchContext): Promise<void> {
    return this.behaviour.current(envelopes, context);
  }
}

const awarded = (tenantId: string, employeeId: string, points = 1) =>
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
  });

const transient = () =>
  Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

/**
 * libs/messaging's consumer on its own, against the real broker: a Nest microservice with one batch
 * handler whose behaviour each test sets. What the services rely on: failures retried, poison
 * isolated to the DLQ with its reason, transient failures waited out (never DLQ'd), a batch in hand
 * finished on shutdown, and nothing lost when a second consumer takes partitions mid-batch.
 */
describe('KafkaBatchTransport', () => {
  let infra: TestInfra;
  const running: INestMicroservice[] = [];

  beforeAll(async () => {
    infra = await startTestInfra();
  });

  afterAll(async () => {
    await Promise.allSettled(running.map((app) => app.close()));
    await infra.teardown();
  });

  async function consumer(
    behaviour: Behaviour,
    service = `probe-${randomUUID().slice(0, 8)}`,
    options: { fetchStallMs?: number } = {},
  ) {
    const settings = { brokers: [], clientId: service, topicPrefix: infra.prefix };
    const producer = new EventProducer(infra.kafka, settings);
    const registry = new Registry();
    const transport = new KafkaBatchTransport(
      infra.kafka,
      producer,
      { service, topicPrefix: infra.prefix, concurrency: 4, retryDelayMs: 20, ...options },
      registry,
    );
    const state = { current: behaviour };
    @Module({ controllers: [ProbeHandler], providers: [{ provide: BEHAVIOUR, useValue: state }] })
    class ProbeModule {}
    const app = await NestFactory.createMicroservice(ProbeModule, { strategy: transport, logger: false });
    app.useGlobalFilters(new HandlerErrorPassThrough());
    await app.listen();
    running.push(app);
    return {
      app,
      state,
      service,
      registry,
      close: () => app.close().finally(() => producer.disconnect()),
    };
  }

  const send = (envelopes: AnyEnvelope[]) =>
    publishRaw(
      infra.kafka,
      envelopes.map((envelope) => ({
        topic: `${infra.prefix}points.v1`,
        key: envelope.key,
        value: JSON.stringify(envelope),
      })),
    );

  it('waits out a transient failure instead of dead-lettering, then applies the batch', async () => {
    const tenant = `t-${randomUUID()}`;
    const dlq = await collectTopic(infra.kafka, `${infra.prefix}points.v1.dlq`);
    const applied: string[] = [];
    let failures = 0;
    const probe = await consumer(async (envelopes) => {
      const ours = envelopes.filter((envelope) => envelope.tenantId === tenant);
      // Far more failures than batchAttempts (3) + messageAttempts (2): a non-transient error would
      // have reached the DLQ long before.
      if (ours.length > 0 && failures < 8) {
        failures += 1;
        throw transient();
      }
      applied.push(...ours.map((envelope) => envelope.id));
    });
    const envelopes = [awarded(tenant, 'ann'), awarded(tenant, 'ann'), awarded(tenant, 'ann')];
    await send(envelopes);
    await waitFor(() => applied.length >= 3 || undefined, {
      timeoutMs: 30_000,
      message: 'applied after the waits',
    });
    expect(failures).toBe(8);
    expect(applied).toEqual(envelopes.map((envelope) => envelope.id));
    // Freshness counts each applied event once, from its occurredAt, waits included.
    const freshness = await waitFor(async () => {
      const values = (await probe.registry.getSingleMetric('event_freshness_seconds')!.get()).values;
      const of = (name: string) =>
        values.find(
          (value) =>
            (value as { metricName?: string }).metricName === name && value.labels.topic === 'points.v1',
        )?.value ?? 0;
      const count = of('event_freshness_seconds_count');
      return count >= 3 ? { count, sum: of('event_freshness_seconds_sum') } : undefined;
    });
    expect(freshness.count).toBe(3);
    expect(freshness.sum).toBeGreaterThan(0);
    expect(dlq.messages.filter((message) => message.json?.tenantId === tenant)).toEqual([]);
    await dlq.stop();
    await probe.close();
  });

  it('isolates a poison message to the DLQ with the handler error and applies the rest of the batch', async () => {
    const tenant = `t-${randomUUID()}`;
    const dlq = await collectTopic(infra.kafka, `${infra.prefix}points.v1.dlq`);
    const applied: string[] = [];
    const poison = awarded(tenant, 'bob', 13);
    const probe = await consumer(async (envelopes) => {
      if (envelopes.some((envelope) => envelope.id === poison.id))
        throw new Error('points 13 are unlucky (a deterministic failure)');
      applied.push(
        ...envelopes.filter((envelope) => envelope.tenantId === tenant).map((envelope) => envelope.id),
      );
    });
    // One key: one partition, one batch holding all three in order.
    const before = awarded(tenant, 'bob');
    const after = awarded(tenant, 'bob');
    await send([before, poison, after]);
    const dead = await waitFor(() => dlq.messages.find((message) => message.json?.id === poison.id), {
      timeoutMs: 30_000,
      message: 'the poison message in the DLQ',
    });
    expect(dead.message.headers?.['dlq-reason']?.toString()).toBe(
      'handler failed: points 13 are unlucky (a deterministic failure)',
    );
    expect(dead.message.headers?.['dlq-consumer']?.toString()).toBe(probe.service);
    await waitFor(() => applied.length >= 2 || undefined, { timeoutMs: 10_000 });
    expect(applied).toEqual([before.id, after.id]);
    // The partition moves on: a later message of the same key is applied.
    const later = awarded(tenant, 'bob');
    await send([later]);
    await waitFor(() => applied.includes(later.id) || undefined, {
      timeoutMs: 10_000,
      message: 'partition moved on',
    });
    await dlq.stop();
    await probe.close();
  });

  it('finishes and commits the batch in hand on shutdown: the next consumer does not get it again', async () => {
    const tenant = `t-${randomUUID()}`;
    const service = `probe-${randomUUID().slice(0, 8)}`;
    const deliveries = new Map<string, number>();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inHand = false;
    const first = await consumer(async (envelopes) => {
      const ours = envelopes.filter((envelope) => envelope.tenantId === tenant);
      if (ours.length === 0) return;
      inHand = true;
      await held;
      for (const envelope of ours) deliveries.set(envelope.id, (deliveries.get(envelope.id) ?? 0) + 1);
    }, service);
    const envelopes = [awarded(tenant, 'cid'), awarded(tenant, 'cid')];
    await send(envelopes);
    await waitFor(() => inHand || undefined, { timeoutMs: 30_000, message: 'a batch in hand' });
    const closing = first.close();
    setTimeout(release, 300);
    await closing;
    expect([...deliveries.values()]).toEqual([1, 1]);

    const second = await consumer(async (batch) => {
      for (const envelope of batch.filter((item) => item.tenantId === tenant))
        deliveries.set(envelope.id, (deliveries.get(envelope.id) ?? 0) + 1);
    }, service);
    const marker = awarded(tenant, 'cid');
    await send([marker]);
    await waitFor(() => deliveries.has(marker.id) || undefined, {
      timeoutMs: 60_000,
      message: 'marker after restart',
    });
    expect(envelopes.map((envelope) => deliveries.get(envelope.id))).toEqual([1, 1]);
    await second.close();
  });

  it('loses nothing when a second consumer joins while a batch is in hand (rebalance mid-batch)', async () => {
    const tenant = `t-${randomUUID()}`;
    const service = `probe-${randomUUID().slice(0, 8)}`;
    const seen = new Map<string, number>();
    const record = (envelopes: AnyEnvelope[]) => {
      for (const envelope of envelopes.filter((item) => item.tenantId === tenant))
        seen.set(envelope.id, (seen.get(envelope.id) ?? 0) + 1);
    };
    let slow = true;
    const first = await consumer(async (envelopes) => {
      // The first batch is slow: the rebalance starts while it is still in hand.
      if (slow && envelopes.some((envelope) => envelope.tenantId === tenant)) {
        slow = false;
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
      record(envelopes);
    }, service);
    const envelopes = Array.from({ length: 120 }, (_, index) => awarded(tenant, `emp-${index % 24}`));
    await send(envelopes.slice(0, 60));
    await waitFor(() => !slow || undefined, { timeoutMs: 30_000, message: 'the slow batch started' });
    const second = await consumer(async (batch) => record(batch), service);
    await send(envelopes.slice(60));
    await waitFor(() => envelopes.every((envelope) => seen.has(envelope.id)) || undefined, {
      timeoutMs: 90_000,
      message: 'every message delivered to one of the two consumers',
    });
    // At-least-once: a batch the first consumer finished after losing its partition may come again
    // (the services' inbox drops it); none is missing.
    expect(envelopes.filter((envelope) => !seen.has(envelope.id))).toEqual([]);
    await Promise.all([first.close(), second.close()]);
  });

  it('replaces a consumer that stops fetching: the next one gets the partition and applies what it held', async () => {
    // A handler that never returns keeps kafkajs from starting another fetch, the same silence as the
    // consumer kafkajs sometimes leaves behind after a broker outage (no fetch, no error, "ready").
    const tenant = `t-${randomUUID()}`;
    const applied: string[] = [];
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    let held = 0;
    const probe = await consumer(
      async (envelopes) => {
        const ours = envelopes.filter((envelope) => envelope.tenantId === tenant);
        if (ours.length === 0) return;
        if (held === 0) {
          held += 1;
          await stuck;
          return;
        }
        applied.push(...ours.map((envelope) => envelope.id));
      },
      undefined,
      { fetchStallMs: 8000 },
    );
    const envelopes = [awarded(tenant, 'dee'), awarded(tenant, 'dee')];
    await send(envelopes);
    try {
      await waitFor(() => applied.length >= 2 || undefined, {
        timeoutMs: 150_000,
        message: 'applied by the replacement consumer',
      });
    } finally {
      release();
    }
    expect(held).toBe(1);
    expect(applied).toEqual(envelopes.map((envelope) => envelope.id));
    const replaced = await probe.registry.getSingleMetric('kafka_consumer_replacements_total')?.get();
    expect(replaced?.values.reduce((sum, value) => sum + value.value, 0)).toBeGreaterThanOrEqual(1);
    await probe.close();
  }, 180_000);
});
