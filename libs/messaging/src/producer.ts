import { Inject, Injectable } from '@nestjs/common';
import { AnyEnvelope, EVENT_TOPIC, Envelope, EventType } from '@advocacy/contracts';
import { IHeaders, Kafka, Message, Producer } from 'kafkajs';
import { KAFKA_SETTINGS, KafkaSettings, TopicNames } from './kafka';

export const KAFKA = Symbol('KAFKA');

export interface RawMessage {
  topic: string;
  key: string | null;
  value: Buffer | string | null;
  headers?: IHeaders;
}

/** Idempotent, keyed producer. Services publish through the outbox; this is what the relay uses. */
@Injectable()
export class EventProducer {
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

  async sendRaw(topicMessages: { topic: string; messages: Message[] }[]): Promise<void> {
    const producer = await this.connected();
    await producer.sendBatch({ topicMessages, acks: -1 });
  }

  async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    this.connecting = undefined;
    if (producer) await producer.disconnect();
  }
}
