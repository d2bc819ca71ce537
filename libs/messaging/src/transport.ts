import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { AnyEnvelope, dlqTopicOf, parseEnvelope } from '@advocacy/contracts';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { lastValueFrom } from 'rxjs';
import { counter, gauge, histogram } from '@advocacy/platform';
import { TopicNames } from './kafka';
import { EventProducer } from './producer';
import { MessagingTracing } from './tracing';
import { isTransientError } from './transient';

/** What a batch handler gets besides the envelopes. */
export interface BatchContext {
  /** The topic, or for a joined handler (`JOINED`) the name of its join. */
  topic: string;
  /** The partitions whose batches the envelopes come from (one fetch's batches of the topic). */
  partitions: readonly number[];
  /** Long batches call this now and then so the group does not consider the consumer dead. */
  heartbeat: () => Promise<void>;
}

export interface BatchTransportOptions {
  service: string;
  topicPrefix: string;
  /**
   * Partition batches of one fetch taken at once (kafkajs' partitionsConsumedConcurrently). The
   * batches of one topic taken together become one handler call, so this should be at least the
   * number of partitions the consumer may hold.
   */
  concurrency: number;
  /** How long an idle fetch waits at the broker; data ends the wait at once, so this is idle cost only. */
  maxWaitTimeMs?: number;
  /**
   * Least time between the start of one fetch and the start of the next after a fetch that brought
   * data (0: none). kafkajs fetches again the moment a fetch's batches are done, so a fast consumer
   * under load runs hundreds of fetch → transaction → commit cycles a second on a few events each;
   * waiting the rest of this time after applying and committing lets the next fetch take what
   * arrived meanwhile in one batch. Costs at most this much freshness per hop; an idle long-poll is
   * not affected. Nothing waits uncommitted: the pause comes after the offsets are committed.
   */
  lingerMs?: number;
  /** How often a failing batch is retried before its messages are tried one by one. */
  batchAttempts?: number;
  messageAttempts?: number;
  retryDelayMs?: number;
  /** A consumer that started no fetch for this long is replaced (default 45 s). */
  fetchStallMs?: number;
  /**
   * The consumer group of its own this transport runs (`inGroup`): it takes only the handlers
   * declared in it, as group `<service>-<group>`. Without: the service's main group and every
   * handler declared in none.
   */
  group?: string;
}

/**
 * The extras of a handler of several topics whose batches of one fetch are applied in one call:
 * `@EventPattern([a, b], joined('points'))`. Without it, each topic's batches are a call of their
 * own, and the calls of one fetch run at the same time. Handlers that write the same rows (the same
 * advocates' ledger, counters, projections) then wait on each other's locks and pay a transaction
 * each; joined, they pay one. The handler gets the envelopes of every topic, each partition's in order.
 */
export const joined = (name: string) => ({ joined: name });

/**
 * A handler that runs in a consumer group of its own, `<service>-<group>`, beside the service's main
 * group: `@EventPattern(topic, inGroup('badges', { lingerMs: 250 }))`. Both groups read the topic,
 * each at its own pace, each with its own offsets; a slow handler then never holds up the main
 * group's fetches (the leaderboard's badges are off the board's path this way). Combine with
 * `joined` by spreading both. `lingerMs` is the group's `BatchTransportOptions.lingerMs`.
 */
export const inGroup = (group: string, options: { lingerMs?: number } = {}) => ({
  group,
  groupLingerMs: options.lingerMs,
});

interface HandlerExtras {
  joined?: unknown;
  group?: unknown;
  groupLingerMs?: unknown;
}

type ChainedHandler = MessageHandler & { extras?: HandlerExtras; next?: ChainedHandler };

/** Longer than a rebalance (30 s) and any batch we apply; see `watch`. */
const FETCH_STALL_MS = 45_000;
/** The group's rebalance timeout: a joining consumer may wait this long for a member that never answers. */
const REBALANCE_TIMEOUT_MS = 30_000;

interface DeadLetter {
  message: KafkaMessage;
  reason: string;
}

interface Item {
  envelope: AnyEnvelope;
  message: KafkaMessage;
}

/** One partition's batch as it waits to be applied, with its valid and unreadable messages. */
interface Part {
  payload: EachBatchPayload;
  /** Its logical topic. */
  topic: string;
  valid: Item[];
  dead: DeadLetter[];
}

/** A partition batch handed to eachBatch, waiting for the gathering of its fetch to be applied. */
interface Waiting {
  payload: EachBatchPayload;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * A Nest transport that consumes in batches. Handlers are `@EventPattern('<topic>')` methods that get
 * every valid envelope of one fetch's batches of their topic — each partition's in order — and must
 * apply them durably before they return; offsets are committed only after that. Messages that fail
 * validation, or fail again when retried alone, go to `<topic>.dlq` with the reason and their
 * original coordinates.
 *
 * Why our own transport, and why one handler call per fetch and topic: kafkajs fetches all assigned
 * partitions, hands each partition's batch to eachBatch and fetches again only when every batch of
 * the fetch is done. One transaction per partition batch made a fetch of 36 hot partitions ~9
 * rounds of small transactions (4 at a time), and an event waited for the slowest; the fixed cost
 * of a transaction (a dozen statements, each a round trip) was paid per partition. So the batches
 * kafkajs hands over together (it calls eachBatch for all of them in one tick) are gathered until
 * the next turn of the event loop and applied in one call; per-key order holds because a key lives
 * in one partition, and a partition appears once per fetch. When that call fails, each partition's
 * batch is applied on its own, with the retries and the isolation of poison messages as before.
 * A handler of several topics declared `joined` gets the batches of all its topics in that one call.
 */
export class KafkaBatchTransport extends Server implements CustomTransportStrategy {
  private readonly log = new Logger('KafkaBatchTransport');
  private consumer?: Consumer;
  private readonly names: TopicNames;
  private readonly processed: Counter<string>;
  private readonly lag: Gauge<string>;
  private readonly batchDuration: Histogram<string>;
  private readonly freshness: Histogram<string>;
  private readonly listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly gathering = new Map<string, Waiting[]>();
  private gatherScheduled = false;
  private closing = false;
  /** When the consumer started its current fetch (for `lingerMs`). */
  private fetchStartedAt = 0;
  private readonly replacements: Counter<string>;
  /** Its consumer group's name, without the topic prefix (a label of its metrics). */
  private readonly group: string;

  constructor(
    private readonly kafka: Kafka,
    private readonly producer: EventProducer,
    private readonly options: BatchTransportOptions,
    private readonly registry: Registry,
    private readonly tracing?: MessagingTracing,
  ) {
    super();
    this.names = new TopicNames(options.topicPrefix);
    // `group`: a service may run more than one consumer group on a topic (`inGroup`).
    this.processed = counter(
      registry,
      'events_processed_total',
      'Events consumed, by consumer group, topic and outcome',
      ['group', 'topic', 'outcome'],
    );
    this.batchDuration = histogram(
      registry,
      'kafka_batch_duration_seconds',
      'Time to apply one consumed batch, retries included, by consumer group and topic',
      ['group', 'topic'],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    );
    this.freshness = histogram(
      registry,
      'event_freshness_seconds',
      "Time from an event's occurredAt to its batch being applied here, by consumer group and topic",
      ['group', 'topic'],
      [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    );
    this.replacements = counter(
      registry,
      'kafka_consumer_replacements_total',
      'Consumers replaced because they stopped fetching',
      ['group'],
    );
    this.lag = gauge(registry, 'kafka_consumer_lag', 'Messages behind the partition end, per partition', [
      'group',
      'topic',
      'partition',
    ]);
    this.group = this.groupName();
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  /** Topics this transport consumes: the patterns with a handler of its group. */
  topics(): string[] {
    return [...this.messageHandlers.keys()].filter((pattern) => this.handlersOf(pattern).length > 0);
  }

  /** Every handler of a pattern, in the order Nest registered them (it chains event handlers: `next`). */
  private chainOf(pattern: string): ChainedHandler[] {
    const chain: ChainedHandler[] = [];
    let handler = this.getHandlerByPattern(pattern) as ChainedHandler | null;
    for (; handler; handler = handler.next ?? null) chain.push(handler);
    return chain;
  }

  /** This transport's handlers of a topic: those declared in its group (`inGroup`), or in none. */
  private handlersOf(topic: string): ChainedHandler[] {
    return this.chainOf(topic).filter(
      (handler) =>
        (typeof handler.extras?.group === 'string' ? handler.extras.group : undefined) === this.options.group,
    );
  }

  /** The groups other than the main one that this service's handlers declare, with their linger. */
  declaredGroups(): { group: string; lingerMs?: number }[] {
    const groups = new Map<string, number | undefined>();
    for (const handler of [...this.messageHandlers.keys()].flatMap((pattern) => this.chainOf(pattern))) {
      const { group, groupLingerMs } = handler.extras ?? {};
      if (typeof group === 'string')
        groups.set(group, typeof groupLingerMs === 'number' ? groupLingerMs : groups.get(group));
    }
    return [...groups].map(([group, lingerMs]) => ({ group, lingerMs }));
  }

  /** A transport of the same service for one of its declared groups (`inGroup`), sharing its clients. */
  forGroup(group: string, lingerMs?: number): KafkaBatchTransport {
    return new KafkaBatchTransport(
      this.kafka,
      this.producer,
      { ...this.options, group, lingerMs: lingerMs ?? this.options.lingerMs },
      this.registry,
      this.tracing,
    );
  }

  /** The consumer group: the service's, or `<service>-<group>`. */
  private groupName(): string {
    return this.options.group ? `${this.options.service}-${this.options.group}` : this.options.service;
  }

  private async start(): Promise<void> {
    const topics = this.topics();
    if (topics.length === 0) return;
    const consumer = this.kafka.consumer({
      groupId: this.names.group(this.groupName()),
      sessionTimeout: 30000,
      rebalanceTimeout: REBALANCE_TIMEOUT_MS,
      heartbeatInterval: 3000,
      maxWaitTimeInMs: this.options.maxWaitTimeMs ?? 1000,
      allowAutoTopicCreation: false,
      retry: {
        retries: 10,
        initialRetryTime: 300,
        maxRetryTime: 10000,
        // kafkajs restarts a crashed consumer; one the watchdog abandoned must stay gone
        restartOnFailure: () => Promise.resolve(this.consumer === consumer && !this.closing),
      },
    });
    this.consumer = consumer;
    for (const [event, callbacks] of this.listeners) {
      for (const callback of callbacks) consumer.on(event as never, callback);
    }
    this.watch(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: topics.map((topic) => this.names.full(topic)), fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.concurrency,
      // an abandoned consumer's batches are not ours any more: they commit nothing
      eachBatch: (payload) => (this.consumer === consumer ? this.track(payload) : Promise.resolve()),
    });
  }

  /**
   * A consumer that stops fetching is replaced. After a broker outage kafkajs 2.2.4 sometimes restarts
   * a crashed consumer that then never fetches again, silently (seen in the fault suite's broker
   * scenario: the boards fell behind the ledger for good while the process stayed "ready"). A live
   * consumer starts a fetch at least every `maxWaitTime` while it is in its group; none for
   * FETCH_STALL_MS means it is stuck: it is abandoned (its batches then commit nothing) and a fresh
   * one joins the group, which hands it the partitions and their committed offsets.
   */
  private watch(consumer: Consumer): void {
    // Its first fetch may wait for a whole rebalance (the member it replaces can hold the group until
    // the broker gives up on it), so a new consumer is given that long on top.
    let lastFetch = Date.now() + REBALANCE_TIMEOUT_MS;
    const stallMs = this.options.fetchStallMs ?? FETCH_STALL_MS;
    consumer.on(consumer.events.FETCH_START, () => {
      lastFetch = Date.now();
      this.fetchStartedAt = lastFetch;
    });
    consumer.on(consumer.events.GROUP_JOIN, () => {
      lastFetch = Date.now();
    });
    // a (re)connect or a rebalance is followed by a join, which may take a rebalance's time again
    for (const event of [consumer.events.REBALANCING, consumer.events.CONNECT])
      consumer.on(event, () => {
        lastFetch = Math.max(lastFetch, Date.now() + REBALANCE_TIMEOUT_MS);
      });
    const timer = setInterval(
      () => {
        if (this.closing || this.consumer !== consumer) return clearInterval(timer);
        if (Date.now() - lastFetch < stallMs) return;
        clearInterval(timer);
        this.log.warn(`the consumer has not fetched for ${stallMs} ms; replacing it`);
        this.replacements.inc({ group: this.group });
        this.consumer = undefined;
        void Promise.race([consumer.disconnect(), sleep(10_000)]).catch(() => undefined);
        const replace = (): void => {
          if (this.closing) return;
          this.start().catch((error: unknown) => {
            this.log.error(`replacing the consumer failed, trying again in 5 s: ${describe(error)}`);
            setTimeout(replace, 5000).unref();
          });
        };
        replace();
      },
      Math.min(stallMs, 5000),
    );
    timer.unref();
  }

  /** Shutdown waits for the batches in hand; a batch that arrives while closing is left for redelivery. */
  private async track(payload: EachBatchPayload): Promise<void> {
    if (this.closing || payload.batch.messages.length === 0) return;
    const work = this.gather(payload);
    this.inFlight.add(work);
    try {
      await work;
    } finally {
      this.inFlight.delete(work);
    }
    await this.linger();
  }

  /** See `lingerMs`: the batches of one fetch all wait for the same moment; shutdown does not wait. */
  private async linger(): Promise<void> {
    const until = this.fetchStartedAt + (this.options.lingerMs ?? 0);
    const wait = until - Date.now();
    if (wait > 0 && !this.closing) await sleep(wait);
  }

  /** The call a topic's batches join: the topic's own, or its handler's join (`joined`). */
  private callOf(topic: string): string {
    const extras = this.handlersOf(topic)[0]?.extras;
    return typeof extras?.joined === 'string' ? extras.joined : topic;
  }

  /** Settles when the batch's gathering is applied (or fails); see the class comment. */
  private gather(payload: EachBatchPayload): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const call = this.callOf(this.names.logical(payload.batch.topic));
      const waiting = this.gathering.get(call) ?? [];
      waiting.push({ payload, resolve, reject });
      this.gathering.set(call, waiting);
      if (this.gatherScheduled) return;
      this.gatherScheduled = true;
      setImmediate(() => this.flushGathered());
    });
  }

  private flushGathered(): void {
    this.gatherScheduled = false;
    const groups = [...this.gathering.entries()];
    this.gathering.clear();
    for (const [call, group] of groups) {
      this.handleBatches(
        call,
        group.map((waiting) => waiting.payload),
      ).then(
        () => group.forEach((waiting) => waiting.resolve()),
        (error: unknown) => group.forEach((waiting) => waiting.reject(error)),
      );
    }
  }

  /**
   * Applies the batches of one call (a topic, or a join of topics) from one fetch, then resolves and
   * commits their offsets.
   */
  private async handleBatches(call: string, payloads: readonly EachBatchPayload[]): Promise<void> {
    const parts: Part[] = payloads.map((payload) => {
      const part: Part = { payload, topic: this.names.logical(payload.batch.topic), valid: [], dead: [] };
      for (const message of payload.batch.messages) {
        const parsed = this.parse(message);
        if (parsed.ok) part.valid.push({ envelope: parsed.envelope, message });
        else part.dead.push({ message, reason: parsed.reason });
      }
      return part;
    });
    const current = (part: Part) => part.payload.isRunning() && !part.payload.isStale();
    const live = parts.filter((part) => part.valid.length > 0 && current(part));
    const heartbeat = payloads[0].heartbeat;
    const failures = new Map<Part, number>();
    const abandoned = new Set<Part>();
    if (live.length > 0) {
      const stop = this.batchDuration.startTimer({ group: this.group, topic: call });
      try {
        await this.applyParts(call, live, heartbeat, failures, abandoned);
      } finally {
        stop();
      }
    }

    let resolved: EachBatchPayload | undefined;
    const appliedAt = Date.now();
    for (const part of parts) {
      if (!current(part) || abandoned.has(part)) continue;
      const { topic } = part;
      for (const { envelope } of part.valid) {
        this.freshness.observe(
          { group: this.group, topic },
          Math.max(0, appliedAt - Date.parse(envelope.occurredAt)) / 1000,
        );
      }
      const { batch } = part.payload;
      const failed = failures.get(part) ?? 0;
      if (part.dead.length > 0) await this.deadLetter(batch.topic, batch.partition, part.dead);
      const group = this.group;
      this.processed.inc({ group, topic, outcome: 'ok' }, part.valid.length - failed);
      if (part.dead.length > 0) this.processed.inc({ group, topic, outcome: 'dlq' }, part.dead.length);
      part.payload.resolveOffset(batch.lastOffset());
      this.lag.set({ group, topic, partition: String(batch.partition) }, Number(batch.offsetLag()));
      resolved = part.payload;
    }
    if (!resolved) return;
    // One commit carries every resolved offset of the consumer (kafkajs commits them all together).
    await resolved.commitOffsetsIfNecessary();
    await heartbeat();
  }

  /**
   * One handler call for every partition's batch; when it fails, each batch on its own (retried,
   * then message by message), through its own topic's handler. Handler failures that went to the DLQ
   * are added to the part's dead letters and counted in `failures`.
   */
  private async applyParts(
    call: string,
    live: readonly Part[],
    heartbeat: () => Promise<void>,
    failures: Map<Part, number>,
    abandoned: Set<Part>,
  ): Promise<void> {
    if (live.length > 1) {
      const items = live.flatMap((part) => part.valid);
      const partitions = live.map((part) => part.payload.batch.partition);
      try {
        await this.traced(call, partitions, items, () =>
          this.invoke(
            live[0].topic,
            items.map((item) => item.envelope),
            { topic: call, partitions, heartbeat },
          ),
        );
        return;
      } catch (error) {
        this.log.warn(
          `batch of ${items.length} on ${call}/${partitions.join(',')} failed; applying each partition's batch on its own: ${describe(error)}`,
        );
        await heartbeat();
      }
    }
    for (const part of live) {
      const owned = () => part.payload.isRunning() && !part.payload.isStale() && !this.closing;
      if (!owned()) continue;
      const partitions = [part.payload.batch.partition];
      const { topic } = part;
      const failed = await this.apply(
        topic,
        part.valid,
        { topic: this.callOf(topic), partitions, heartbeat },
        heartbeat,
        owned,
      );
      // Not ours any more (rebalance, shutdown): commit nothing, the next owner gets the batch again.
      if (failed === undefined) {
        abandoned.add(part);
        continue;
      }
      failures.set(part, failed.length);
      part.dead.push(...failed);
    }
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

  /**
   * Runs the handler on the whole batch; when it keeps failing, isolates the poison messages. A
   * transient failure (the database restarting, a dropped connection: `isTransientError`) is not the
   * message's fault: it is retried with a growing pause for as long as the consumer owns the partition,
   * and never counts towards the DLQ. `undefined`: the consumer lost the partition or is stopping,
   * nothing is committed and the batch is delivered again.
   */
  private async apply(
    topic: string,
    items: Item[],
    context: BatchContext,
    heartbeat: () => Promise<void>,
    owned: () => boolean,
  ): Promise<DeadLetter[] | undefined> {
    const all = await this.attempt(topic, items, context, heartbeat, owned, this.options.batchAttempts ?? 3);
    if (all === undefined) return undefined;
    if (all === 'ok') return [];
    if (items.length === 1)
      return [{ message: items[0].message, reason: `handler failed: ${describe(all.error)}` }];

    const dead: DeadLetter[] = [];
    for (const item of items) {
      const outcome = await this.attempt(
        topic,
        [item],
        context,
        heartbeat,
        owned,
        this.options.messageAttempts ?? 2,
      );
      if (outcome === undefined) return undefined;
      if (outcome !== 'ok')
        dead.push({ message: item.message, reason: `handler failed: ${describe(outcome.error)}` });
      await heartbeat();
    }
    return dead;
  }

  /** 'ok', the last error after `attempts` failures that were not transient, or undefined (partition lost). */
  private async attempt(
    topic: string,
    items: Item[],
    context: BatchContext,
    heartbeat: () => Promise<void>,
    owned: () => boolean,
    attempts: number,
  ): Promise<'ok' | { error: unknown } | undefined> {
    const delay = this.options.retryDelayMs ?? 200;
    let failures = 0;
    let waits = 0;
    for (;;) {
      try {
        await this.traced(topic, context.partitions, items, () =>
          this.invoke(
            topic,
            items.map((item) => item.envelope),
            context,
          ),
        );
        return 'ok';
      } catch (error) {
        const transient = isTransientError(error);
        if (transient) waits += 1;
        else failures += 1;
        if (!transient && failures >= attempts) return { error };
        this.log.warn(
          `batch of ${items.length} on ${topic}/${context.partitions.join(',')} failed (${
            transient ? `transient, wait ${waits}` : `attempt ${failures}`
          }): ${describe(error)}`,
        );
        if (!owned()) return undefined;
        await heartbeat();
        await sleep(transient ? Math.min(delay * 2 ** Math.min(waits, 5), 5000) : delay * failures);
        if (!owned()) return undefined;
      }
    }
  }

  private traced(
    topic: string,
    partitions: readonly number[],
    items: readonly Item[],
    work: () => Promise<void>,
  ): Promise<void> {
    return this.tracing ? this.tracing.processing(topic, partitions, items, work) : work();
  }

  private async invoke(topic: string, envelopes: AnyEnvelope[], context: BatchContext): Promise<void> {
    const handlers = this.handlersOf(topic);
    if (handlers.length === 0) throw new Error(`no handler for ${topic}`);
    for (const handler of handlers) {
      const result: unknown = await handler(envelopes, context);
      await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
    }
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
