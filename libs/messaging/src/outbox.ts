import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AnyEnvelope,
  createEnvelope,
  Envelope,
  EVENT_TOPIC,
  EventType,
  NewEvent,
  TOPICS,
} from '@advocacy/contracts';
import { Gauge, Registry } from 'prom-client';
import { DataSource, EntityManager } from 'typeorm';
import { activeTraceId, activeTraceparent, gauge, METRICS_REGISTRY } from '@advocacy/platform';
import { KAFKA_SETTINGS, KafkaSettings, TopicNames } from './kafka';
import { EventProducer } from './producer';
import { MessagingTracing, OutboundRow } from './tracing';

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions {
  /** Consumer group and client id. */
  service: string;
  /** Postgres schema holding this service's outbox and inbox tables. */
  schema: string;
  /** Relay poll interval right after a round that found rows or found another replica draining. */
  pollMs?: number;
  /**
   * Longest relay poll interval when the outbox stays empty: the wait doubles from `pollMs` up to
   * this. Commits in this process wake the relay at once, so this only delays rows that another
   * replica committed while its own relay could not take the lock.
   */
  idlePollMs?: number;
  consumerConcurrency?: number;
  /** See BatchTransportOptions.maxWaitTimeMs. */
  fetchMaxWaitMs?: number;
  /** See BatchTransportOptions.lingerMs. */
  consumerLingerMs?: number;
  consumersEnabled?: boolean;
  /**
   * Events per relay round. Keeps one partition's produce batch under the broker's message.max.bytes
   * (1 MB by default: 2,000 click events for one key were 1.3 MB and stuck the relay) and bounds the
   * event-loop time spent encoding a round (~15 µs per event).
   */
  relayBatchSize?: number;
  /** Days an inbox row is kept; see InboxPruner. */
  inboxRetentionDays?: number;
}

/**
 * Kafka keeps a message this long (set on every topic we create). A redelivery can only come from a
 * retained message, so every idempotency record must outlive it: the inbox keeps its rows for
 * INBOX_RETENTION_DAYS (twice as long, covering a consumer that was down for a week too).
 */
export const TOPIC_RETENTION_DAYS = 7;
export const INBOX_RETENTION_DAYS = 14;

/**
 * The outbox and inbox tables; every service's first migration creates them in its schema. An outbox
 * row's `topic` is the broker topic, prefix included, so relays of other prefixes (parallel test
 * runs sharing a database) leave it alone.
 */
export function messagingTablesSql(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}".outbox (
       seq bigserial PRIMARY KEY,
       id uuid NOT NULL UNIQUE,
       topic text NOT NULL,
       key text NOT NULL,
       envelope jsonb NOT NULL,
       created_at timestamptz NOT NULL DEFAULT now()
     )`,
    `CREATE TABLE "${schema}".inbox (
       consumer text NOT NULL,
       event_id uuid NOT NULL,
       processed_at timestamptz NOT NULL DEFAULT now(),
       PRIMARY KEY (consumer, event_id)
     )`,
    `CREATE INDEX inbox_processed_at ON "${schema}".inbox (processed_at)`,
  ];
}

/**
 * Adds the W3C traceparent of the transaction that wrote a row, so the relay publishes the event as
 * part of the request's trace. Every service lists it after its first migration.
 */
export function outboxTraceparentMigration(schema: string) {
  return class OutboxTraceparent1764950000000 {
    name = 'OutboxTraceparent1764950000000';
    async up(runner: { query(sql: string): Promise<unknown> }): Promise<void> {
      await runner.query(`ALTER TABLE "${schema}".outbox ADD COLUMN IF NOT EXISTS traceparent text`);
    }
    async down(runner: { query(sql: string): Promise<unknown> }): Promise<void> {
      await runner.query(`ALTER TABLE "${schema}".outbox DROP COLUMN IF EXISTS traceparent`);
    }
  };
}

export type AnyNewEvent = { [T in EventType]: NewEvent<T> }[EventType];

/**
 * Publishes outbox rows in order and deletes them once the broker acknowledged them. One relay per
 * schema works at a time (advisory lock), so replicas never reorder a key's events. A crash after the
 * send and before the delete re-sends: consumers drop the duplicate by envelope id.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger('OutboxRelay');
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private kicked = false;
  private readonly backlog: Gauge<string>;
  private readonly oldestAge: Gauge<string>;
  private failures = 0;
  /** Empty rounds in a row: the idle poll interval grows with them. */
  private idleRounds = 0;
  /** The last round found another replica's relay holding the lock. */
  private lockBusy = false;
  /** The broker topics this relay publishes to: rows for other prefixes (other test runs) are not ours. */
  private readonly topics: string[];
  private readonly lockKey: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: EventProducer,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(KAFKA_SETTINGS) kafka: KafkaSettings,
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly tracing: MessagingTracing,
  ) {
    this.backlog = gauge(registry, 'outbox_backlog', 'Events written to the outbox and not yet published');
    this.oldestAge = gauge(
      registry,
      'outbox_oldest_age_seconds',
      'Age of the oldest event waiting in the outbox (0 when it is empty)',
    );
    const names = new TopicNames(kafka.topicPrefix);
    this.topics = Object.values(TOPICS).map((topic) => names.full(topic.name));
    this.lockKey = `outbox:${options.schema}:${kafka.topicPrefix}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.dataSource.subscribers.push({
      afterTransactionCommit: ({ queryRunner }) => {
        const data = queryRunner.data as Record<string, unknown> | undefined;
        if (data?.[OUTBOX_WRITTEN]) {
          delete data[OUTBOX_WRITTEN];
          this.kick();
        }
      },
    });
    this.loop = this.run();
  }

  /** Stops the loop after one last drain attempt; rows not sent stay for the next start. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  /** New rows are committed: drain now (or right after the drain in progress). */
  kick(): void {
    this.kicked = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let sent = 0;
      this.kicked = false;
      const limit = this.options.relayBatchSize ?? 250;
      try {
        sent = await this.drainOnce(limit);
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        await this.measure().catch(() => undefined);
        if (this.failures === 1 || this.failures % 20 === 0) {
          this.logger.warn(`outbox publish failed (${this.failures}x), will retry: ${String(error)}`);
        }
      }
      if (sent > 0 || this.lockBusy) this.idleRounds = 0;
      else this.idleRounds += 1;
      // A full round may have left rows behind: go on at once. A round that took fewer rows than it
      // could took every row visible when it read; another round now would find nothing (measured:
      // half the relay's transactions were such empty rounds). Rows committed since woke us (`kicked`).
      if (sent === limit && this.failures === 0) continue;
      if (this.kicked && this.failures === 0) {
        this.kicked = false;
        continue;
      }
      const delay =
        this.failures > 0 ? Math.min(5000, 250 * 2 ** Math.min(this.failures, 5)) : this.idleDelay();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  /**
   * How long an idle relay sleeps: `pollMs` after a busy round, doubling with every empty round up to
   * `idlePollMs` (an idle service then costs a round every couple of seconds, not five a second).
   */
  private idleDelay(): number {
    const poll = this.options.pollMs ?? 200;
    const longest = Math.max(poll, this.options.idlePollMs ?? 2000);
    return Math.min(longest, poll * 2 ** Math.min(this.idleRounds, 10));
  }

  /**
   * Publishes one chunk; returns how many events went out (0 when idle or another replica holds the lock).
   *
   * `seq` is taken when a row is inserted, not when its transaction commits, so a row with a lower
   * seq can become visible after rows above it were published. (Deleting the range `seq <= max`
   * once lost such rows.) So exactly the rows selected are deleted, by seq, and a late row goes out
   * in a later round. The order that results is the order in which rows became visible, which is
   * what consumers need: a transaction that starts after another committed (a withdrawal after its
   * share, a click after the share that made its link, the second of two conflicting profile
   * updates, which waits for the first one's row lock before it writes its event) always becomes
   * visible after it, so per key, causal and commit order hold. Only transactions that ran at the same
   * time may go out in either order, and for them no order was ever defined. (A horizon of "rows
   * older than the oldest running transaction" would also give seq order, but one slow writer
   * anywhere in the cluster then stalls every relay — measured here as seconds under load.)
   */
  async drainOnce(limit = 250): Promise<number> {
    if (!this.dataSource.isInitialized) return 0;
    const schema = this.options.schema;
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query<{ locked: boolean }[]>(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
        [this.lockKey],
      );
      this.lockBusy = !locked;
      if (!locked) return 0;
      // The envelope goes out as the text Postgres holds: no parse and re-encode of every event.
      const rows = await manager.query<(OutboundRow & { seq: string })[]>(
        `SELECT seq, id, topic, key, envelope->>'type' AS type, envelope::text AS value, traceparent
         FROM "${schema}".outbox WHERE topic = ANY($1) ORDER BY seq LIMIT $2`,
        [this.topics, limit],
      );
      if (rows.length === 0) {
        this.backlog.set(0);
        this.oldestAge.set(0);
        return 0;
      }
      await this.tracing.publishing(rows, (headers) => this.producer.publishRows(rows, headers));
      await manager.query(`DELETE FROM "${schema}".outbox WHERE seq = ANY($1::bigint[])`, [
        rows.map((row) => row.seq),
      ]);
      if (rows.length === limit) {
        await this.measure(manager);
      } else {
        this.backlog.set(0);
        this.oldestAge.set(0);
      }
      return rows.length;
    });
  }

  /** Sets the backlog and the oldest row's age in one query. */
  private async measure(manager: EntityManager = this.dataSource.manager): Promise<void> {
    const [{ count, age }] = await manager.query<{ count: number; age: number | null }[]>(
      `SELECT count(*)::int AS count, extract(epoch FROM now() - min(created_at))::float8 AS age
       FROM "${this.options.schema}".outbox WHERE topic = ANY($1)`,
      [this.topics],
    );
    this.backlog.set(count);
    this.oldestAge.set(Math.max(0, age ?? 0));
  }

  /** Events of this relay's topics still waiting in the outbox. */
  async pending(manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [{ count }] = await manager.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM "${this.options.schema}".outbox WHERE topic = ANY($1)`,
      [this.topics],
    );
    return count;
  }
}

/** Marks a transaction that wrote outbox rows, so its commit wakes this process's relay. */
const OUTBOX_WRITTEN = 'advocacy:outbox-written';

/**
 * Writes events in the caller's transaction. Nothing reaches Kafka unless the state change that
 * caused it commits; the commit wakes the relay in this process at once. (Postgres NOTIFY would wake
 * every replica, but it serialises all notifying commits of the database behind one lock — measured
 * as the pipeline's bottleneck — so other replicas' relays rely on polling instead.)
 */
@Injectable()
export class OutboxWriter {
  private readonly names: TopicNames;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(KAFKA_SETTINGS) kafka: KafkaSettings,
    private readonly relay: OutboxRelay,
  ) {
    this.names = new TopicNames(kafka.topicPrefix);
  }

  async add<T extends EventType>(manager: EntityManager, event: NewEvent<T>): Promise<Envelope<T>> {
    const [envelope] = await this.addMany(manager, [event as AnyNewEvent]);
    return envelope as Envelope<T>;
  }

  async addMany(manager: EntityManager, events: readonly AnyNewEvent[]): Promise<AnyEnvelope[]> {
    const envelopes = events.map((event) => createEnvelope(event as NewEvent<EventType>) as AnyEnvelope);
    await this.addEnvelopes(manager, envelopes);
    return envelopes;
  }

  async addEnvelopes(manager: EntityManager, envelopes: readonly AnyEnvelope[]): Promise<void> {
    if (envelopes.length === 0) return;
    const schema = this.options.schema;
    const names = this.names;
    const chunkSize = 1000;
    // The request's (or consumed event's) trace: the relay publishes the rows as part of it.
    const traceparent = activeTraceparent() ?? null;
    const traceId = activeTraceId();
    for (let start = 0; start < envelopes.length; start += chunkSize) {
      const chunk = envelopes.slice(start, start + chunkSize);
      const params: unknown[] = [];
      const rows = chunk.map((envelope, index) => {
        params.push(
          envelope.id,
          names.full(EVENT_TOPIC[envelope.type]),
          envelope.key,
          JSON.stringify(traceId && !envelope.traceId ? { ...envelope, traceId } : envelope),
          traceparent,
        );
        const base = index * 5;
        return `($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}::jsonb, $${base + 5})`;
      });
      await manager.query(
        `INSERT INTO "${schema}".outbox (id, topic, key, envelope, traceparent) VALUES ${rows.join(', ')}`,
        params,
      );
    }
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) {
      (runner.data as Record<string, unknown>)[OUTBOX_WRITTEN] = true;
    } else {
      this.relay.kick();
    }
  }
}

/** Makes a handler idempotent: claims envelope ids in the handler's transaction. */
@Injectable()
export class Inbox {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  /** Returns the envelopes not seen before by this consumer, in their original order. */
  async claim<E extends { id: string }>(
    manager: EntityManager,
    consumer: string,
    envelopes: readonly E[],
  ): Promise<E[]> {
    if (envelopes.length === 0) return [];
    const ids = [...new Set(envelopes.map((envelope) => envelope.id))];
    const claimed = await manager.query<{ eventId: string }[]>(
      `INSERT INTO "${this.options.schema}".inbox (consumer, event_id)
       SELECT $1, unnest($2::uuid[])
       ON CONFLICT DO NOTHING
       RETURNING event_id AS "eventId"`,
      [consumer, ids],
    );
    const fresh = new Set(claimed.map((row) => row.eventId));
    const seen = new Set<string>();
    return envelopes.filter((envelope) => {
      if (!fresh.has(envelope.id) || seen.has(envelope.id)) return false;
      seen.add(envelope.id);
      return true;
    });
  }
}

/**
 * Deletes inbox rows older than the retention window, in small chunks so no delete holds locks or
 * bloats WAL for long. Every replica may run it: the deletes are idempotent.
 */
@Injectable()
export class InboxPruner {
  private readonly logger = new Logger('InboxPruner');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  start(intervalMs = 3_600_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.prune().catch((error: unknown) => this.warn(error)), intervalMs);
    this.timer.unref();
    setTimeout(() => void this.prune().catch((error: unknown) => this.warn(error)), 30_000).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Returns how many rows went. */
  prune(now: Date = new Date(), chunk = 10_000): Promise<number> {
    this.running ??= this.pruneAll(now, chunk).finally(() => (this.running = undefined));
    return this.running;
  }

  private async pruneAll(now: Date, chunk: number): Promise<number> {
    if (!this.dataSource.isInitialized) return 0;
    const days = this.options.inboxRetentionDays ?? INBOX_RETENTION_DAYS;
    const before = new Date(now.getTime() - days * 86_400_000);
    let total = 0;
    for (;;) {
      const rows = await this.dataSource.query<{ n: number }[]>(
        `WITH gone AS (
           DELETE FROM "${this.options.schema}".inbox WHERE ctid IN (
             SELECT ctid FROM "${this.options.schema}".inbox WHERE processed_at < $1 LIMIT $2)
           RETURNING 1)
         SELECT count(*)::int AS n FROM gone`,
        [before, chunk],
      );
      total += rows[0].n;
      if (rows[0].n < chunk) return total;
    }
  }

  private warn(error: unknown): void {
    this.logger.warn(`inbox pruning failed, will retry: ${String(error)}`);
  }
}
