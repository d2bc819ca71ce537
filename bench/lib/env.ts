import { createKafka } from '@advocacy/messaging';
import { Kafka } from 'kafkajs';

/** What run.sh hands the runner: where the bench stack listens and how it is configured. */
export interface BenchEnv {
  runDir: string;
  command: string;
  topicPrefix: string;
  brokers: string[];
  databaseUrl: string;
  redisDb: number;
  ports: { content: number; shareTracking: number; scoring: number; leaderboard: number; coaching: number };
}

const port = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);

export function benchEnv(): BenchEnv {
  return {
    runDir: process.env.BENCH_RUN_DIR ?? 'bench/.run',
    command: process.env.BENCH_COMMAND ?? `node dist/bench/main.js ${process.argv.slice(2).join(' ')}`,
    topicPrefix: process.env.KAFKA_TOPIC_PREFIX ?? 'bench.',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    databaseUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/advocacy_bench',
    redisDb: Number(process.env.BENCH_REDIS_DB ?? 2),
    ports: {
      content: port('BENCH_PORT_CONTENT', 3101),
      shareTracking: port('BENCH_PORT_SHARE_TRACKING', 3102),
      scoring: port('BENCH_PORT_SCORING', 3103),
      leaderboard: port('BENCH_PORT_LEADERBOARD', 3104),
      coaching: port('BENCH_PORT_COACHING', 3105),
    },
  };
}

export const benchKafka = (env: BenchEnv, clientId: string): Kafka =>
  createKafka({ brokers: env.brokers, clientId, topicPrefix: env.topicPrefix });

export const SERVICE_NAMES = [
  'content-service',
  'share-tracking-service',
  'scoring-service',
  'leaderboard-service',
  'coaching-service',
  'notification-service',
] as const;
