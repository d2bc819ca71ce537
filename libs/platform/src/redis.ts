import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import Redis from 'ioredis';
import { Registry } from 'prom-client';
import { HealthRegistry } from './health';
import { histogram, METRICS_REGISTRY } from './metrics';
import { createRedis } from './redis-client';

export { createRedis } from './redis-client';

export const REDIS = Symbol('REDIS');

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
  client.sendCommand = (...args: Parameters<Redis['sendCommand']>) => {
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
  };
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
