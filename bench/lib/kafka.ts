import { AnyEnvelope, EVENT_TOPIC } from '@advocacy/contracts';
import { TopicNames } from '@advocacy/messaging';
import { Admin, AssignerProtocol, CompressionTypes, Kafka, Message, Producer } from 'kafkajs';
import { BenchEnv } from './env';
import { sleep } from './stats';

const PUBLISH_CHUNK = 1000;

/** Publishes envelopes the way the services' producer does: JSON value, partition key, type headers. */
export class Publisher {
  private constructor(
    private readonly producer: Producer,
    private readonly names: TopicNames,
  ) {}

  static async connect(kafka: Kafka, env: BenchEnv): Promise<Publisher> {
    const producer = kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: false,
      maxInFlightRequests: 8,
    });
    await producer.connect();
    return new Publisher(producer, new TopicNames(env.topicPrefix));
  }

  /**
   * Sends in requests of at most 1,000 events: a larger one can exceed the broker's request size
   * (`message.max.bytes`, 1 MB) once few partitions share it (`KAFKA_MAX_PARTITIONS=2` did).
   */
  async publish(envelopes: readonly AnyEnvelope[]): Promise<void> {
    const chunks: (readonly AnyEnvelope[])[] = [];
    for (let start = 0; start < envelopes.length; start += PUBLISH_CHUNK)
      chunks.push(envelopes.slice(start, start + PUBLISH_CHUNK));
    await Promise.all(chunks.map((chunk) => this.publishChunk(chunk)));
  }

  private async publishChunk(envelopes: readonly AnyEnvelope[]): Promise<void> {
    if (envelopes.length === 0) return;
    const byTopic = new Map<string, Message[]>();
    for (const envelope of envelopes) {
      const topic = this.names.full(EVENT_TOPIC[envelope.type]);
      const messages = byTopic.get(topic) ?? [];
      messages.push({
        key: envelope.key,
        value: JSON.stringify(envelope),
        headers: { 'event-type': envelope.type, 'event-id': envelope.id },
      });
      byTopic.set(topic, messages);
    }
    await this.producer.sendBatch({
      topicMessages: [...byTopic.entries()].map(([topic, messages]) => ({ topic, messages })),
      acks: 1,
      compression: CompressionTypes.None,
    });
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}

export interface GroupLag {
  group: string;
  lag: number;
  committed: number;
  byTopic: Record<string, number>;
}

/** Consumer lag from the broker's point of view: end offsets minus the group's committed offsets. */
export class LagMeter {
  private constructor(
    private readonly admin: Admin,
    private readonly names: TopicNames,
  ) {}

  static async connect(kafka: Kafka, env: BenchEnv): Promise<LagMeter> {
    const admin = kafka.admin();
    await admin.connect();
    return new LagMeter(admin, new TopicNames(env.topicPrefix));
  }

  /** The registry topics the service's consumer group subscribes to right now (empty when none). */
  async subscribedTopics(service: string): Promise<string[]> {
    const { groups } = await this.admin.describeGroups([this.names.group(service)]);
    const topics = new Set<string>();
    for (const member of groups[0]?.members ?? []) {
      if (member.memberMetadata.length === 0) continue;
      const metadata = AssignerProtocol.MemberMetadata.decode(member.memberMetadata);
      for (const topic of metadata?.topics ?? []) topics.add(this.names.logical(topic));
    }
    return [...topics].sort();
  }

  /** Lag over `topics`, or over the topics the group subscribes to when none are given. */
  async lag(service: string, topics?: readonly string[]): Promise<GroupLag> {
    const group = this.names.group(service);
    const fullTopics = (topics ?? (await this.subscribedTopics(service))).map((topic) =>
      this.names.full(topic),
    );
    const committed = await this.admin.fetchOffsets({ groupId: group, topics: fullTopics });
    const byTopic: Record<string, number> = {};
    let lag = 0;
    let total = 0;
    for (const topic of fullTopics) {
      const ends = await this.admin.fetchTopicOffsets(topic);
      const done = committed.find((entry) => entry.topic === topic)?.partitions ?? [];
      let topicLag = 0;
      for (const end of ends) {
        const at = Number(done.find((p) => p.partition === end.partition)?.offset ?? '-1');
        const from = at >= 0 ? at : Number(end.low);
        topicLag += Math.max(0, Number(end.high) - from);
        total += Math.max(0, from);
      }
      byTopic[this.names.logical(topic)] = topicLag;
      lag += topicLag;
    }
    return { group, lag, committed: total, byTopic };
  }

  /** Waits until the group has caught up (lag ≤ threshold); returns how long that took, or null. */
  async waitForLag(
    service: string,
    topics: readonly string[] | undefined,
    threshold: number,
    timeoutMs: number,
  ): Promise<number | null> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if ((await this.lag(service, topics)).lag <= threshold) return Date.now() - started;
      await sleep(200);
    }
    return null;
  }

  disconnect(): Promise<void> {
    return this.admin.disconnect();
  }
}
