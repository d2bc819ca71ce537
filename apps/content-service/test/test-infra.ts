import { startTestInfra, TestInfra } from '@advocacy/testing';
import { Client } from 'pg';

/**
 * startTestInfra() under a Postgres advisory lock: kafkajs' createTopics({ waitForLeaders }) fails with
 * "This server does not host this topic-partition" when several files create their topics at once.
 * Ending the session releases the lock.
 */
export async function startSerializedTestInfra(): Promise<TestInfra> {
  const client = new Client({
    connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/advocacy_test',
  });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', ['test-infra:create-topics']);
    return await startTestInfra();
  } finally {
    await client.end();
  }
}
