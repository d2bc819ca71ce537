/// <reference types="jest" />
import { AppFactory, StartedService, startService } from './service';
import { startTestInfra, TestInfra } from './infra';
import { collectTopic } from './kafka';

type Collector = Awaited<ReturnType<typeof collectTopic>>;

export interface TestSetUp {
  /** This file's infrastructure; there from the file's first `beforeAll` on. */
  readonly infra: TestInfra;
  /** Starts a service on this file's topics (with extra environment if given); closed after the file. */
  start<O>(createApp: AppFactory<O>, overrides?: O, env?: NodeJS.ProcessEnv): Promise<StartedService>;
  /** Reads `<prefix><topic>` from the beginning until the file ends. */
  collect(topic: string): Promise<Collector>;
  /** Something else the file opened (a database client, a Redis connection) and how to release it. */
  release<T>(resource: T, close: (resource: T) => unknown): T;
}

/**
 * The set-up block of an integration or e2e test file: registers the `beforeAll` that creates the
 * file's own topics and environment and the `afterAll` that releases everything the file started,
 * newest first (collectors and clients before the services, the topics last), even when a test failed.
 */
export function useTestSetUp(env: NodeJS.ProcessEnv = {}): TestSetUp {
  let infra: TestInfra | undefined;
  const releases: (() => unknown)[] = [];
  beforeAll(async () => {
    infra = await startTestInfra(env);
  });
  afterAll(async () => {
    for (const release of releases.reverse()) await release();
    await infra?.teardown();
  });
  const ready = (): TestInfra => {
    if (!infra) throw new Error('the test set-up is ready from the first beforeAll on');
    return infra;
  };
  const release = <T>(resource: T, close: (resource: T) => unknown): T => {
    releases.push(() => close(resource));
    return resource;
  };
  return {
    get infra() {
      return ready();
    },
    start: async (createApp, overrides, extra = {}) =>
      release(await startService(createApp, { ...ready().env, ...extra }, overrides), (service) =>
        service.close(),
      ),
    collect: async (topic) =>
      release(await collectTopic(ready().kafka, `${ready().prefix}${topic}`), (collector) =>
        collector.stop(),
      ),
    release,
  };
}
