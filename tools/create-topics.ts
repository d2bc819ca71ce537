import { createKafka, ensureTopics } from '@advocacy/messaging';

/** Creates every topic of the registry (and its DLQ) on the broker; safe to run again. */
async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';
  const kafka = createKafka({ brokers, clientId: 'create-topics', topicPrefix: prefix });
  const created = await ensureTopics(kafka, prefix);
  process.stdout.write(created.length > 0 ? `created ${created.length} topics\n` : 'topics already exist\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`create-topics failed: ${String(error)}\n`);
  process.exit(1);
});
