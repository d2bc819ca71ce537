import { Inject, Injectable } from '@nestjs/common';
import { AnyEnvelope } from '@advocacy/contracts';
import { contextOf, inSpan, linkTo, SpanKind, traceparentOf, tracerOf } from '@advocacy/platform';
import { Link, Span, SpanStatusCode, Tracer } from '@opentelemetry/api';
import { IHeaders, KafkaMessage } from 'kafkajs';
import { KAFKA_SETTINGS, KafkaSettings, TopicNames } from './kafka';

export const MESSAGING_SERVICE = Symbol('MESSAGING_SERVICE');

/** An outbox row on its way to the broker: `topic` is the broker topic, `value` the envelope's JSON. */
export interface OutboundRow {
  id: string;
  topic: string;
  key: string;
  type: string;
  value: string;
  traceparent: string | null;
}

/** Span links per consumed batch: OpenTelemetry's default limit. */
const MAX_LINKS = 128;

/**
 * The Kafka half of a trace: a producer span per published row, child of the request that wrote it
 * (its stored traceparent), whose own traceparent travels in the message headers; and a consumer
 * span per handled batch, child of the first message's traceparent and linked to the others'.
 */
@Injectable()
export class MessagingTracing {
  private readonly tracer: Tracer;
  private readonly names: TopicNames;

  constructor(@Inject(MESSAGING_SERVICE) service: string, @Inject(KAFKA_SETTINGS) kafka: KafkaSettings) {
    this.tracer = tracerOf(service);
    this.names = new TopicNames(kafka.topicPrefix);
  }

  /** Sends outbox rows with a `traceparent` header each; the spans end when the broker acknowledged. */
  async publishing(
    rows: readonly OutboundRow[],
    send: (headers: (IHeaders | undefined)[]) => Promise<void>,
  ): Promise<void> {
    const spans: (Span | undefined)[] = rows.map((row) =>
      row.traceparent
        ? this.tracer.startSpan(
            `send ${this.names.logical(row.topic)}`,
            {
              kind: SpanKind.PRODUCER,
              attributes: {
                'messaging.system': 'kafka',
                'messaging.operation.type': 'send',
                'messaging.destination.name': row.topic,
                'messaging.message.id': row.id,
                'messaging.kafka.message.key': row.key,
                'event.type': row.type,
              },
            },
            contextOf(row.traceparent),
          )
        : undefined,
    );
    const headers = spans.map((span) => {
      const traceparent = span && traceparentOf(span);
      return traceparent ? { traceparent } : undefined;
    });
    try {
      await send(headers);
    } catch (error) {
      for (const span of spans) span?.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
      throw error;
    } finally {
      for (const span of spans) span?.end();
    }
  }

  /** Runs a batch handler in a consumer span that continues the messages' traces. */
  processing<T>(
    topic: string,
    partitions: readonly number[],
    items: readonly { envelope: AnyEnvelope; message: KafkaMessage }[],
    work: () => Promise<T>,
  ): Promise<T> {
    const traceparents = items.map((item) => headerText(item.message.headers?.traceparent));
    const parent = traceparents.find((value) => value !== undefined);
    const links = traceparents
      .filter((value) => value !== undefined && value !== parent)
      .map((value) => linkTo(value))
      .filter((link): link is Link => link !== undefined)
      .slice(0, MAX_LINKS);
    return inSpan(
      this.tracer,
      `process ${topic}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': this.names.full(topic),
          'messaging.destination.partition.id': partitions.join(','),
          'messaging.batch.message_count': items.length,
        },
        links,
      },
      work,
      contextOf(parent),
    );
  }
}

function headerText(value: Buffer | string | (Buffer | string)[] | undefined): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  return typeof first === 'string' ? first : first.toString('utf8');
}
