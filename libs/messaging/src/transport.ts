import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { AnyEnvelope, dlqTopicOf, parseEnvelope } from '@advocacy/contracts';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { Counter, Gauge, Registry } from 'prom-client';
import { lastValueFrom } from 'rxjs';
import { counter, gauge } from '@advocacy/platform';
import { TopicNames } from './kafka';
import { EventProducer } from './producer';

/** What a batch handler gets besides the envelopes. */
export interface BatchContext {
  topic: string;
  partition: number;
  /** Long batches call this now and then so the group does not consider the consumer dead. */
  heartbeat: () => Promise<void>;
}

export interface BatchTransportOptions {
  service: string;
  topicPrefix: string;
  concurrency: number;
  /** How often a failing batch is retried before its messages are tried one by one. */
  batchAttempts?: number;
  messageAttempts?: number;
  retryDelayMs?: number;
}

interface DeadLetter {
  message: KafkaMessage;
  reason: string;
}

/**
 * A Nest transport that consumes in batches. Handlers are `@EventPattern('<topic>')` methods that get
 * every valid envelope of one partition's batch, in order, and must apply them durably before they
 * return; offsets are committed only after that. Messages that fail validation, or fail again when
 * retried alone, go to `<topic>.dlq` with the reason and their original coordinates.
 */
export class KafkaBatchTransport extends Server implements CustomTransportStrategy {
  private readonly log = new Logger('KafkaBatchTransport');
  private consumer?: Consumer;
  private readonly names: TopicNames;
  private readonly processed: Counter<string>;
  private readonly lag: Gauge<string>;
  private readonly listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private closing = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly producer: EventProducer,
    private readonly options: BatchTransportOptions,
    registry: Registry,
  ) {
    super();
    this.names = new TopicNames(options.topicPrefix);
    this.processed = counter(registry, 'events_processed_total', 'Events consumed, by topic and outcome', [
      'topic',
      'outcome',
    ]);
    this.lag = gauge(registry, 'kafka_consumer_lag', 'Messages behind the partition end, per partition', [
      'topic',
      'partition',
    ]);
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  /** Topics this service consumes: the patterns of its @EventPattern handlers. */
  topics(): string[] {
    return [...this.messageHandlers.keys()];
  }

  private async start(): Promise<void> {
    const topics = this.topics();
    if (topics.length === 0) return;
    const consumer = this.kafka.consumer({
      groupId: this.names.group(this.options.service),
      sessionTimeout: 30000,
      rebalanceTimeout: 30000,
      heartbeatInterval: 3000,
      maxWaitTimeInMs: 250,
      allowAutoTopicCreation: false,
      retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 10000 },
    });
    this.consumer = consumer;
    for (const [event, callbacks] of this.listeners) {
      for (const callback of callbacks) consumer.on(event as never, callback);
    }
    await consumer.connect();
    await consumer.subscribe({ topics: topics.map((topic) => this.names.full(topic)), fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.concurrency,
      eachBatch: (payload) => this.track(payload),
    });
  }

  /** Shutdown waits for the batches in hand; a batch that arrives while closing is left for redelivery. */
  private async track(payload: EachBatchPayload): Promise<void> {
    if (this.closing) return;
    const work = this.handleBatch(payload);
    this.inFlight.add(work);
    try {
      await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale } = payload;
    if (batch.messages.length === 0) return;
    const topic = this.names.logical(batch.topic);
    const context: BatchContext = { topic, partition: batch.partition, heartbeat };
    const valid: { envelope: AnyEnvelope; message: KafkaMessage }[] = [];
    const dead: DeadLetter[] = [];

    for (const message of batch.messages) {
      const parsed = this.parse(message);
      if (parsed.ok) valid.push({ envelope: parsed.envelope, message });
      else dead.push({ message, reason: parsed.reason });
    }

    let handlerFailures = 0;
    if (valid.length > 0 && isRunning() && !isStale()) {
      const failed = await this.apply(topic, valid, context, heartbeat);
      handlerFailures = failed.length;
      dead.push(...failed);
    }
    if (!isRunning() || isStale()) return;

    if (dead.length > 0) await this.deadLetter(batch.topic, batch.partition, dead);
    this.processed.inc({ topic, outcome: 'ok' }, valid.length - handlerFailures);
    if (dead.length > 0) this.processed.inc({ topic, outcome: 'dlq' }, dead.length);

    resolveOffset(batch.lastOffset());
    await commitOffsetsIfNecessary();
    this.lag.set({ topic, partition: String(batch.partition) }, Number(batch.offsetLag()));
    await heartbeat();
  }

  /** Never throws: whatever a message holds, it ends up applied or in the DLQ with its reason. */
  private parse(message: KafkaMessage): ReturnType<typeof parseEnvelope> {
    if (!message.value) return { ok: false, reason: 'empty message' };
    let raw: unknown;
    try {
      raw = JSON.parse(message.value.toString('utf8'));
    } catch (error) {
      return { ok: false, reason: `not JSON: ${String(error)}` };
    }
    try {
      return parseEnvelope(raw);
    } catch (error) {
      return { ok: false, reason: `unreadable envelope: ${describe(error)}` };
    }
  }

  /** Runs the handler on the whole batch; when it keeps failing, isolates the poison messages. */
  private async apply(
    topic: string,
    items: { envelope: AnyEnvelope; message: KafkaMessage }[],
    context: BatchContext,
    heartbeat: () => Promise<void>,
  ): Promise<DeadLetter[]> {
    const batchAttempts = this.options.batchAttempts ?? 3;
    let lastError: unknown;
    for (let attempt = 1; attempt <= batchAttempts; attempt += 1) {
      try {
        await this.invoke(
          topic,
          items.map((item) => item.envelope),
          context,
        );
        return [];
      } catch (error) {
        lastError = error;
        this.log.warn(
          `batch of ${items.length} on ${topic}/${context.partition} failed (attempt ${attempt}): ${describe(error)}`,
        );
        await heartbeat();
        await sleep((this.options.retryDelayMs ?? 200) * attempt);
      }
    }
    if (items.length === 1)
      return [{ message: items[0].message, reason: `handler failed: ${describe(lastError)}` }];

    const dead: DeadLetter[] = [];
    for (const item of items) {
      const attempts = this.options.messageAttempts ?? 2;
      for (let attempt = 1; attempt <= attempts; attempt += 1) {
        try {
          await this.invoke(topic, [item.envelope], context);
          break;
        } catch (error) {
          if (attempt === attempts)
            dead.push({ message: item.message, reason: `handler failed: ${describe(error)}` });
          else await sleep(this.options.retryDelayMs ?? 200);
        }
      }
      await heartbeat();
    }
    return dead;
  }

  private async invoke(topic: string, envelopes: AnyEnvelope[], context: BatchContext): Promise<void> {
    const handler = this.getHandlerByPattern(topic);
    if (!handler) throw new Error(`no handler for ${topic}`);
    const result: unknown = await handler(envelopes, context);
    await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
  }

  private async deadLetter(topic: string, partition: number, dead: DeadLetter[]): Promise<void> {
    this.log.warn(
      `sending ${dead.length} message(s) from ${topic}/${partition} to the DLQ: ${dead[0].reason}`,
    );
    await this.producer.sendRaw([
      {
        topic: dlqTopicOf(topic),
        messages: dead.map(({ message, reason }) => ({
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            'dlq-reason': reason.slice(0, 2000),
            'dlq-original-topic': topic,
            'dlq-original-partition': String(partition),
            'dlq-original-offset': message.offset,
            'dlq-consumer': this.options.service,
            'dlq-failed-at': new Date().toISOString(),
          },
        })),
      },
    ]);
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.inFlight]);
    const consumer = this.consumer;
    this.consumer = undefined;
    if (consumer) await consumer.disconnect();
  }

  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- the signature Nest's Server declares
  on<EventKey extends string = string, EventCallback extends Function = Function>(
    event: EventKey,
    callback: EventCallback,
  ): void {
    const listener = callback as unknown as (...args: unknown[]) => void;
    const callbacks = this.listeners.get(event) ?? [];
    callbacks.push(listener);
    this.listeners.set(event, callbacks);
    if (this.consumer) this.consumer.on(event as never, listener);
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('the consumer is not started');
    return this.consumer as T;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
