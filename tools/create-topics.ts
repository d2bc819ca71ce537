import { createKafka, ensureTopics } from '@advocacy/messaging';

/** `KAFKA_MAX_PARTITIONS`: a positive whole number caps every topic's partitions; unset keeps the registry's. */
export function maxPartitionsFrom(value: string | undefined): number {
  if (value === undefined || value === '') return Number.POSITIVE_INFINITY;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`KAFKA_MAX_PARTITIONS must be a whole number of at least 1, got "${value}"`);
  }
  return count;
}

/** Creates every topic of the registry (and its DLQ) on the broker; safe to run again. */
async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';
  const maxPartitions = maxPartitionsFrom(process.env.KAFKA_MAX_PARTITIONS);
  const kafka = createKafka({ brokers, clientId: 'create-topics', topicPrefix: prefix });
  const created = await ensureTopics(kafka, prefix, maxPartitions);
  process.stdout.write(created.length > 0 ? `created ${created.length} topics\n` : 'topics already exist\n');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`create-topics failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
