import { allTopicSpecs } from '@advocacy/contracts';
import { Admin, Kafka } from 'kafkajs';
import { TOPIC_RETENTION_DAYS } from './outbox';

/**
 * Creates every registry topic and its dead-letter topic, with at most `maxPartitions` partitions
 * each; existing topics are left alone.
 */
export async function ensureTopics(
  kafka: Kafka,
  prefix = '',
  maxPartitions = Number.POSITIVE_INFINITY,
): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = allTopicSpecs(prefix, maxPartitions).filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((spec) => ({
          ...spec,
          replicationFactor: 1,
          // Explicit, because the idempotency records are kept for longer than this (outbox.ts).
          configEntries: [{ name: 'retention.ms', value: String(TOPIC_RETENTION_DAYS * 86_400_000) }],
        })),
      });
      await waitForLeaders(
        admin,
        missing.map((spec) => spec.topic),
      );
    }
    return missing.map((spec) => spec.topic);
  } finally {
    await admin.disconnect();
  }
}

/**
 * kafkajs' own `waitForLeaders` gives up at once when a busy broker has not yet made the metadata
 * visible ("This server does not host this topic-partition"); poll until every partition has a leader.
 */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 60000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics });
      if (metadata.topics.every((topic) => topic.partitions.every((partition) => partition.leader >= 0)))
        return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics without leaders after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function deleteTopics(kafka: Kafka, prefix: string): Promise<void> {
  if (!prefix) throw new Error('refusing to delete topics without a prefix');
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30000 });
  } finally {
    await admin.disconnect();
  }
}
