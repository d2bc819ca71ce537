import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import Redis, { Cluster, RedisOptions } from 'ioredis';
import { Registry } from 'prom-client';
import { HealthRegistry } from './health';
import { histogram, METRICS_REGISTRY } from './metrics';

export const REDIS = Symbol('REDIS');

/**
 * A standalone client for `url`, or, when `clusterNodes` (REDIS_CLUSTER_NODES) are given, an
 * ioredis Cluster seeded with them (credentials from `url`). Services keep their `Redis` type: a
 * Cluster answers every command, script, pipeline and MULTI they use as long as each one touches a
 * single slot, which the `{tenant}` hash tags guarantee (apps/leaderboard-service/test/
 * redis-cluster.int-spec.ts runs the boards on a real cluster). Only `duplicate(options)` differs
 * (a Cluster takes seed nodes first), so it is adapted here.
 */
export function createRedis(url: string, name = 'advocacy', clusterNodes: string[] = []): Redis {
  const options: RedisOptions = { connectionName: name, maxRetriesPerRequest: 3 };
  if (clusterNodes.length === 0) return new Redis(url, { ...options, enableAutoPipelining: true });
  const { username, password } = new URL(url);
  const redisOptions: RedisOptions = {
    ...options,
    username: username ? decodeURIComponent(username) : undefined,
    password: password ? decodeURIComponent(password) : undefined,
  };
  const seeds = clusterNodes.map((node) => {
    const [host = '', port = ''] = node.split(':');
    return { host, port: Number(port) };
  });
  // No auto-pipelining on a cluster: ioredis batches commands of different tenants (slots) into one
  // pipeline and refuses it ("All keys in the pipeline should belong to the same slots allocation
  // group"), as the cluster test showed.
  const cluster = new Cluster(seeds, { redisOptions });
  const duplicate = cluster.duplicate.bind(cluster);
  return Object.assign(cluster, {
    duplicate: (override: RedisOptions = {}) =>
      duplicate([], { redisOptions: { ...redisOptions, ...override } }),
  }) as unknown as Redis;
}

const TIMED = Symbol('redisCommandTimed');
const REDIS_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/**
 * Times every command the client sends into `redis_command_duration_seconds{command,outcome}`, from
 * the send to the reply. ioredis has no metrics hook, and the OpenTelemetry instrumentation only makes
 * spans (not recorded while export is off), so the client's `sendCommand` is wrapped: pipelined and
 * auto-pipelined commands pass through it too, and a command sent again after a reconnect is timed
 * once, from its first send. Command names are Redis's own, a bounded set.
 */
export function instrumentRedis(client: Redis, registry: Registry): Redis {
  const duration = histogram(
    registry,
    'redis_command_duration_seconds',
    'Redis command latency from send to reply',
    ['command', 'outcome'],
    REDIS_BUCKETS,
  );
  const send = client.sendCommand.bind(client);
  client.sendCommand = ((...args: Parameters<Redis['sendCommand']>) => {
    const command = args[0] as (typeof args)[0] & { [TIMED]?: true };
    if (!command[TIMED]) {
      command[TIMED] = true;
      const stop = duration.startTimer({ command: command.name.toLowerCase() });
      command.promise.then(
        () => stop({ outcome: 'ok' }),
        () => stop({ outcome: 'error' }),
      );
    }
    return send(...args);
  }) as Redis['sendCommand'];
  return client;
}

@Injectable()
class RedisLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit() {
    this.health.register('redis', async () => {
      await this.redis.ping();
    });
  }

  async onApplicationShutdown() {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({})
export class RedisModule {
  static forRoot(url: string, name?: string, clusterNodes?: string[]): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS,
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => instrumentRedis(createRedis(url, name, clusterNodes), registry),
        },
        RedisLifecycle,
      ],
      exports: [REDIS],
    };
  }
}
