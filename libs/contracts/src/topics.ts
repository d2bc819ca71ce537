/**
 * The topic registry: the only place a topic name is written. Every topic is keyed by
 * `tenantId:employeeId` (or `tenantId:<entity>` for events that belong to no employee), so one
 * person's events stay in one partition and in order.
 */
export const TOPICS = {
  content: { name: 'content.v1', partitions: 6 },
  guidelines: { name: 'guidelines.v1', partitions: 6 },
  advocate: { name: 'advocate.v1', partitions: 6 },
  suggestion: { name: 'suggestion.v1', partitions: 6 },
  share: { name: 'share.v1', partitions: 12 },
  click: { name: 'click.v1', partitions: 12 },
  engagement: { name: 'engagement.v1', partitions: 12 },
  points: { name: 'points.v1', partitions: 12 },
  badge: { name: 'badge.v1', partitions: 6 },
  coaching: { name: 'coaching.v1', partitions: 6 },
  tenant: { name: 'tenant.v1', partitions: 3 },
} as const;

export type TopicId = keyof typeof TOPICS;
export type TopicName = (typeof TOPICS)[TopicId]['name'];

export const dlqTopicOf = (topic: string): string => `${topic}.dlq`;

/**
 * Every topic the platform needs, dead-letter topics included, with its partition count. The counts
 * above suit a cluster where consumers scale out (KEDA caps replicas at them); `maxPartitions`
 * (`KAFKA_MAX_PARTITIONS` of `npm run topics`) caps every count for a small box, where one replica
 * per service holds every partition and each one is a fetch response and a batch per cycle.
 */
export function allTopicSpecs(
  prefix = '',
  maxPartitions = Number.POSITIVE_INFINITY,
): { topic: string; numPartitions: number }[] {
  const capped = (count: number) => Math.max(1, Math.min(count, maxPartitions));
  return Object.values(TOPICS).flatMap((topic) => [
    { topic: `${prefix}${topic.name}`, numPartitions: capped(topic.partitions) },
    { topic: `${prefix}${dlqTopicOf(topic.name)}`, numPartitions: capped(6) },
  ]);
}
