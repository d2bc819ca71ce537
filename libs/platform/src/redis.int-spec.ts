import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { createRedis, instrumentRedis } from './redis';

const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/1';

/** The histogram's sample count for one command and outcome. */
async function count(registry: Registry, command: string, outcome: string): Promise<number> {
  const metric = await registry.getSingleMetric('redis_command_duration_seconds')!.get();
  const sample = metric.values.find(
    (value) =>
      (value as { metricName?: string }).metricName === 'redis_command_duration_seconds_count' &&
      value.labels.command === command &&
      value.labels.outcome === outcome,
  );
  return sample?.value ?? 0;
}

describe('redis_command_duration_seconds (real Redis)', () => {
  let redis: Redis;
  let registry: Registry;
  const key = `it:redis-metrics:${randomBytes(4).toString('hex')}`;

  beforeAll(() => {
    registry = new Registry();
    redis = instrumentRedis(createRedis(url, 'it-metrics'), registry);
  });
  afterAll(async () => {
    await redis.del(key, `${key}:text`);
    await redis.quit();
  });

  it('times single, auto-pipelined, pipelined and failing commands, each once', async () => {
    await redis.set(key, '1');
    await Promise.all([redis.incr(key), redis.incr(key), redis.get(key)]);
    await redis.pipeline().incr(key).incr(key).exec();
    await redis.set(`${key}:text`, 'not a number');
    await expect(redis.incr(`${key}:text`)).rejects.toThrow(/not an integer/);

    expect(await count(registry, 'set', 'ok')).toBe(2);
    expect(await count(registry, 'incr', 'ok')).toBe(4);
    expect(await count(registry, 'get', 'ok')).toBe(1);
    expect(await count(registry, 'incr', 'error')).toBe(1);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE redis_command_duration_seconds histogram');
  });
});
