import { createLogger, RootLogger } from '@advocacy/platform';
import { Kafka, logLevel, LogEntry } from 'kafkajs';
import { applyKafkajsIdleFix } from './kafkajs-idle-fix';

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** Prepended to every topic and consumer group: isolates test runs on a shared broker. */
  topicPrefix: string;
}

export const KAFKA_SETTINGS = Symbol('KAFKA_SETTINGS');

// Coordinator start-up answers are retried by kafkajs itself; logging them is noise.
const TRANSIENT = /coordinator (is not available|is loading)|leadership election|not the leader/i;

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** kafkajs lines in the service's own shape (its `service` field, `scope: kafkajs:<namespace>`). */
const pinoLogCreator = (logger: RootLogger) => () => (entry: LogEntry) => {
  const {
    message,
    timestamp: _timestamp,
    logger: _kafkajs,
    ...extra
  } = entry.log as LogEntry['log'] & {
    logger?: unknown;
  };
  const error = (extra as { error?: unknown }).error;
  if (typeof error === 'string' && TRANSIENT.test(error)) return;
  logger[LEVELS[entry.level] ?? 'warn']({ scope: `kafkajs:${entry.namespace}`, kafka: extra }, message);
};

/** `logger` is the service's root logger; tools and the test harness get one named after the client. */
export function createKafka(settings: KafkaSettings, logger?: RootLogger): Kafka {
  applyKafkajsIdleFix();
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    logLevel: logLevel.ERROR,
    logCreator: pinoLogCreator(logger ?? createLogger(settings.clientId, 'error')),
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
