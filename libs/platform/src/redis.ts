import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import Redis, { Command } from 'ioredis';
import { Registry } from 'prom-client';
import { HealthRegistry } from './health';
import { counter, histogram, METRICS_REGISTRY } from './metrics';

export const REDIS = Symbol('REDIS');

export function createRedis(url: string, name = 'advocacy'): Redis {
  return new Redis(url, { connectionName: name, maxRetriesPerRequest: 3, enableAutoPipelining: true });
}

@Injectable()
class RedisLifecycle implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly health: HealthRegistry,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  onModuleInit() {
    this.measureCommands();
    this.health.register('redis', async () => {
      await this.redis.ping();
    });
  }

  /**
   * Latency and failures per command name. ioredis has no command hooks; every command goes through
   * `sendCommand` and settles its `promise`, so that is where they are observed.
   */
  private measureCommands() {
    const latency = histogram(
      this.registry,
      'redis_command_duration_seconds',
      'Redis command latency by command',
      ['command'],
      [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    );
    const errors = counter(this.registry, 'redis_command_errors_total', 'Redis commands that failed', [
      'command',
    ]);
    const send = this.redis.sendCommand.bind(this.redis);
    this.redis.sendCommand = (command: Command, ...rest: unknown[]) => {
      const stop = latency.startTimer({ command: command.name });
      command.promise.then(
        () => stop(),
        () => {
          stop();
          errors.inc({ command: command.name });
        },
      );
      return (send as (command: Command, ...rest: unknown[]) => unknown)(command, ...rest);
    };
  }

  async onApplicationShutdown() {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({})
export class RedisModule {
  static forRoot(url: string, name?: string): DynamicModule {
    return {
      module: RedisModule,
      providers: [{ provide: REDIS, useFactory: () => createRedis(url, name) }, RedisLifecycle],
      exports: [REDIS],
    };
  }
}
