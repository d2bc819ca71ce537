import { AnyEnvelope, createEnvelope, EVENT_TOPIC, EventType, NewEvent } from '@advocacy/contracts';
import { Kafka, KafkaMessage } from 'kafkajs';
import { randomId } from './infra';

/** Publishes envelopes straight to this test's topics, as another service would. */
export async function publishEvents(
  kafka: Kafka,
  prefix: string,
  events: NewEvent<EventType>[],
): Promise<AnyEnvelope[]> {
  const envelopes = events.map((event) => createEnvelope(event) as AnyEnvelope);
  await publishRaw(
    kafka,
    envelopes.map((envelope) => ({
      topic: `${prefix}${EVENT_TOPIC[envelope.type]}`,
      key: envelope.key,
      value: JSON.stringify(envelope),
    })),
  );
  return envelopes;
}

export async function publishRaw(
  kafka: Kafka,
  messages: { topic: string; key: string; value: string }[],
): Promise<void> {
  // A partition just created can answer "not the leader" for a while after its metadata shows one
  // (the broker is still opening the log); on a busy CI machine that outlasts the client's default
  // 5 retries of ~3 s, so the tests' producer keeps trying for about half a minute.
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 5000 },
  });
  await producer.connect();
  try {
    const byTopic = new Map<string, { key: string; value: string }[]>();
    for (const message of messages)
      byTopic.set(message.topic, [...(byTopic.get(message.topic) ?? []), message]);
    await producer.sendBatch({
      topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
      acks: -1,
    });
  } finally {
    await producer.disconnect();
  }
}

export interface CollectedMessage {
  topic: string;
  partition: number;
  message: KafkaMessage;
  json: any;
}

/** Reads a topic from the beginning into an array the test can wait on. */
export async function collectTopic(kafka: Kafka, topic: string) {
  const consumer = kafka.consumer({ groupId: `collector-${randomId()}`, maxWaitTimeInMs: 100 });
  const messages: CollectedMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic: from, partition, message }) => {
      let json: unknown;
      try {
        json = message.value ? JSON.parse(message.value.toString()) : null;
      } catch {
        json = null;
      }
      messages.push({ topic: from, partition, message, json });
    },
  });
  return { messages, stop: () => consumer.disconnect() };
}
