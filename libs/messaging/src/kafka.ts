import { Kafka, logLevel, LogEntry } from 'kafkajs';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** Prepended to every topic and consumer group: isolates test runs on a shared broker. */
  topicPrefix: string;
}

export const KAFKA_SETTINGS = Symbol('KAFKA_SETTINGS');

// Coordinator start-up answers are retried by kafkajs itself; logging them is noise.
const TRANSIENT = /coordinator (is not available|is loading)|leadership election|not the leader/i;

const jsonLogCreator = () => (entry: LogEntry) => {
  const { message, ...extra } = entry.log;
  const error = (extra as { error?: unknown }).error;
  if (typeof error === 'string' && TRANSIENT.test(error)) return;
  process.stderr.write(
    `${JSON.stringify({ time: entry.log.timestamp, level: 'warn', scope: `kafkajs:${entry.namespace}`, msg: message, extra })}\n`,
  );
};

export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.ERROR,
    logCreator: jsonLogCreator,
    connectionTimeout: 3000,
    requestTimeout: 30000,
    retry: { initialRetryTime: 200, retries: 5, maxRetryTime: 5000 },
  });
}

export class TopicNames {
  constructor(private readonly prefix: string) {}
  /** Broker-side name of a registry topic. */
  full(topic: string): string {
    return `${this.prefix}${topic}`;
  }
  /** Registry name of a broker-side topic. */
  logical(topic: string): string {
    return this.prefix && topic.startsWith(this.prefix) ? topic.slice(this.prefix.length) : topic;
  }
  group(service: string): string {
    return `${this.prefix}${service}`;
  }
}
