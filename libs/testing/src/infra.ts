import { randomBytes } from 'node:crypto';
import { createKafka, deleteTopics, ensureTopics } from '@advocacy/messaging';
import { signToken, TokenOptions } from '@advocacy/platform';
import { Kafka } from 'kafkajs';
import { Client } from 'pg';

export const TEST_JWT_SECRET = 'test-secret-for-integration-tests-only';

export interface TestInfra {
  /** Environment for services booted by this test file: own topics, test database, Redis DB 1. */
  env: NodeJS.ProcessEnv;
  prefix: string;
  kafka: Kafka;
  token(options: TokenOptions): string;
  teardown(): Promise<void>;
}

export const randomId = (bytes = 5) => randomBytes(bytes).toString('hex');

/** A tenant nobody else uses: every test gets its own, so tests never see each other's data. */
export const newTenant = (label = 't') => `${label}-${randomId()}`;

/**
 * Creates this test file's own topics (a random prefix on the shared broker) and returns the
 * environment its services run with. `teardown` deletes the topics again.
 */
export async function startTestInfra(overrides: NodeJS.ProcessEnv = {}): Promise<TestInfra> {
  const prefix = `it${randomId(4)}.`;
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const kafka = createKafka({ brokers, clientId: 'test-harness', topicPrefix: prefix });
  const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/advocacy_test';
  await serialized(databaseUrl, 'test-infra:create-topics', () => ensureTopics(kafka, prefix));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/1',
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    OUTBOX_POLL_MS: '50',
    // every test client is 127.0.0.1; tests/security turns the limits on with its own values
    RATE_LIMIT_ENABLED: 'false',
    // The period closer and the coaching jobs act on every tenant of the shared test database with the
    // real clock: one test's services would close another test's weeks. Tests that need them say so.
    PERIOD_CLOSE_INTERVAL_MS: '0',
    COACHING_JOBS_INTERVAL_MS: '0',
    ...overrides,
  };
  return {
    env,
    prefix,
    kafka,
    token: (options) => signToken(options, TEST_JWT_SECRET),
    teardown: async () => {
      await deleteTopics(kafka, prefix).catch(() => undefined);
    },
  };
}

/**
 * Runs `work` under a Postgres advisory lock. Test files that start together would otherwise create
 * their topics at the same moment, which a single busy broker answers with transient errors.
 */
async function serialized<T>(databaseUrl: string, name: string, work: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    return await work();
  } finally {
    await client.end();
  }
}
