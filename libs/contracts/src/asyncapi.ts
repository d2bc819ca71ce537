import { z } from 'zod';
import { EnvelopeHeader } from './envelope';
import { EVENT_SCHEMAS, EVENT_TOPIC, EventType } from './event-map';
import { dlqTopicOf, TOPICS } from './topics';

type Json = Record<string, unknown>;

const messageName = (type: string) =>
  type.replace(/(^|[.-])([a-z])/g, (_, __, char: string) => char.toUpperCase());

/** JSON Schema draft-07 (AsyncAPI's schema format is a superset of it), without `$schema`. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io, unrepresentable: 'any' });
  return rest;
}

/**
 * The AsyncAPI 3 document of every Kafka topic and event, generated from the same registry and zod
 * schemas that publishing and consuming validate with (`npm run asyncapi` writes it). Each message is
 * the envelope with its type's payload; the `traceparent` header carries the W3C trace context.
 */
export function asyncApiDocument(topicPrefix = ''): Json {
  const header = schemaOf(EnvelopeHeader);
  const headerProperties = (header.properties ?? {}) as Record<string, Json>;
  const messages: Record<EventType, Json> = {} as Record<EventType, Json>;
  for (const type of Object.keys(EVENT_SCHEMAS) as EventType[]) {
    messages[type] = {
      name: type,
      title: type,
      contentType: 'application/json',
      summary: `The \`${type}\` event`,
      headers: {
        type: 'object',
        properties: {
          traceparent: {
            type: 'string',
            description: 'W3C trace context of the request that caused the event (set by the outbox relay)',
          },
          tracestate: { type: 'string' },
        },
      },
      payload: {
        ...header,
        properties: {
          ...headerProperties,
          type: { type: 'string', const: type },
          payload: schemaOf(EVENT_SCHEMAS[type]),
        },
      },
    };
  }

  const channels: Json = {};
  const operations: Json = {};
  const components: Record<string, Json> = {};
  for (const [id, topic] of Object.entries(TOPICS)) {
    const types = (Object.keys(EVENT_TOPIC) as EventType[]).filter(
      (type) => EVENT_TOPIC[type] === topic.name,
    );
    const channelMessages = Object.fromEntries(
      types.map((type) => [messageName(type), { $ref: `#/components/messages/${messageName(type)}` }]),
    );
    types.forEach((type) => (components[messageName(type)] = messages[type]));
    const binding = {
      kafka: { topic: `${topicPrefix}${topic.name}`, partitions: topic.partitions, bindingVersion: '0.5.0' },
    };
    channels[id] = {
      address: `${topicPrefix}${topic.name}`,
      title: topic.name,
      description: `Keyed \`tenantId:subject\`, ${topic.partitions} partitions: one person's events stay in order.`,
      messages: channelMessages,
      bindings: binding,
    };
    channels[`${id}Dlq`] = {
      address: `${topicPrefix}${dlqTopicOf(topic.name)}`,
      title: dlqTopicOf(topic.name),
      description: `Messages of ${topic.name} that a consumer could not process, as they arrived.`,
      messages: channelMessages,
    };
    operations[`publish${messageName(id)}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      summary: `The outbox relay publishes ${types.join(', ')}`,
      messages: Object.keys(channelMessages).map((name) => ({ $ref: `#/channels/${id}/messages/${name}` })),
    };
    operations[`consume${messageName(id)}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${id}` },
      summary: `Consumer groups (one per service) read ${topic.name} through the inbox`,
      messages: Object.keys(channelMessages).map((name) => ({ $ref: `#/channels/${id}/messages/${name}` })),
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'advocacy events',
      version: '1.0.0',
      description: 'The Kafka topics and event envelopes between the advocacy services.',
      license: { name: 'Apache-2.0' },
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: 'kafka:9092',
        protocol: 'kafka',
        description: 'The Kafka cluster (KAFKA_BROKERS)',
      },
    },
    channels,
    operations,
    components: { messages: components },
  };
}
