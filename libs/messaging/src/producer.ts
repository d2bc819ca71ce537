import { Inject, Injectable, Logger } from '@nestjs/common';
import { AnyEnvelope, EVENT_TOPIC, Envelope, EventType } from '@advocacy/contracts';
import { IHeaders, Kafka, Message, Producer } from 'kafkajs';
import { KAFKA_SETTINGS, KafkaSettings, TopicNames } from './kafka';

export const KAFKA = Symbol('KAFKA');

/**
 * Protocol errors that end an idempotent producer's session: the broker no longer accepts its
 * producer id and sequence numbers (a broker restart that lost the producer state, an expired id,
 * a fenced epoch). kafkajs keeps the session and fails every later send the same way, so an outbox
 * relay would retry forever; only a new producer, with a new id from InitProducerId, sends again.
 */
const SESSION_ERRORS = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
]);
/** The same errors once a retry wrapper copied only their message. */
const SESSION_MESSAGES = [
  /out of order sequence number/i,
  /could not locate the producer metadata/i,
  /producer attempted an operation with an old epoch/i,
];

export function endsProducerSession(error: unknown, depth = 0): boolean {
  if (depth > 4 || error === null || typeof error !== 'object') return false;
  const candidate = error as { type?: unknown; message?: unknown; cause?: unknown; originalError?: unknown };
  if (typeof candidate.type === 'string' && SESSION_ERRORS.has(candidate.type)) return true;
  if (
    typeof candidate.message === 'string' &&
    SESSION_MESSAGES.some((pattern) => pattern.test(candidate.message as string))
  )
    return true;
  return [candidate.cause, candidate.originalError].some((inner) => endsProducerSession(inner, depth + 1));
}

export interface RawMessage {
  topic: string;
  key: string | null;
  value: Buffer | string | null;
  headers?: IHeaders;
}

/** Idempotent, keyed producer. Services publish through the outbox; this is what the relay uses. */
@Injectable()
export class EventProducer {
  private readonly logger = new Logger('EventProducer');
  private producer?: Producer;
  private connecting?: Promise<Producer>;
  private readonly names: TopicNames;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_SETTINGS) settings: KafkaSettings,
  ) {
    this.names = new TopicNames(settings.topicPrefix);
  }

  private async connected(): Promise<Producer> {
    if (this.producer) return this.producer;
    this.connecting ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 3000 },
      });
      producer.on(producer.events.DISCONNECT, () => {
        if (this.producer === producer) this.producer = undefined;
        this.connecting = undefined;
      });
      await producer.connect();
      this.producer = producer;
      return producer;
    })().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    return this.connecting;
  }

  /** Publishes envelopes to their topics; resolves when the broker has acknowledged all of them. */
  async publish(
    envelopes: readonly (AnyEnvelope | Envelope<EventType>)[],
    /** Extra headers per envelope, by index (the relay's `traceparent`). */
    extraHeaders: readonly (IHeaders | undefined)[] = [],
  ): Promise<void> {
    if (envelopes.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    for (const [index, envelope] of envelopes.entries()) {
      const topic = this.names.full(EVENT_TOPIC[envelope.type]);
      const messages = byTopic.get(topic) ?? [];
      messages.push({
        key: envelope.key,
        value: JSON.stringify(envelope),
        headers: { ...extraHeaders[index], 'event-type': envelope.type, 'event-id': envelope.id },
      });
      byTopic.set(topic, messages);
    }
    await this.sendRaw([...byTopic.entries()].map(([topic, messages]) => ({ topic, messages })));
  }

  /** Publishes outbox rows as they are stored (broker topic, key, the envelope's JSON text). */
  async publishRows(
    rows: readonly { id: string; topic: string; key: string; type: string; value: string }[],
    extraHeaders: readonly (IHeaders | undefined)[] = [],
  ): Promise<void> {
    if (rows.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    for (const [index, row] of rows.entries()) {
      const messages = byTopic.get(row.topic) ?? [];
      messages.push({
        key: row.key,
        value: row.value,
        headers: { ...extraHeaders[index], 'event-type': row.type, 'event-id': row.id },
      });
      byTopic.set(row.topic, messages);
    }
    await this.sendRaw([...byTopic.entries()].map(([topic, messages]) => ({ topic, messages })));
  }

  /**
   * Sends and resolves on the broker's acknowledgement. A failure that ended the producer's session
   * drops this producer, so the caller's retry (the relay's next round) runs on a new one. Messages
   * the broker did take before are then sent again under a new id: every consumer claims envelope
   * ids in its inbox, so they apply once.
   */
  async sendRaw(topicMessages: { topic: string; messages: Message[] }[]): Promise<void> {
    const producer = await this.connected();
    try {
      await producer.sendBatch({ topicMessages, acks: -1 });
    } catch (error) {
      if (endsProducerSession(error) && this.producer === producer) {
        this.producer = undefined;
        this.connecting = undefined;
        this.logger.warn(
          `the broker ended the producer's session (${String(error)}); a new producer sends next`,
        );
        await producer.disconnect().catch(() => undefined);
      }
      throw error;
    }
  }

  async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    this.connecting = undefined;
    if (producer) await producer.disconnect();
  }
}
