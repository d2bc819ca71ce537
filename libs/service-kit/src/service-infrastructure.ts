import { DynamicModule } from '@nestjs/common';
import { BaseEnv, Clock, DatabaseModule, PlatformModule, RedisModule } from '@advocacy/platform';
import { MixedList } from 'typeorm';
import { MessagingModule } from '@advocacy/messaging';
import { JobsModule } from './job-scheduler';

export interface ServiceInfrastructureOptions {
  service: string;
  /** The Postgres schema the service owns. */
  schema: string;
  config: BaseEnv;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
  migrations: MixedList<Function>;
  clock?: Clock;
  collectDefaultMetrics?: boolean;
}

/** The modules every service imports: platform, its own schema, Redis, Kafka and the job scheduler. */
export function serviceInfrastructure(
  options: ServiceInfrastructureOptions,
): (DynamicModule | typeof JobsModule)[] {
  const { config, service, schema } = options;
  return [
    PlatformModule.forRoot({
      service,
      config,
      clock: options.clock,
      collectDefaultMetrics: options.collectDefaultMetrics ?? config.NODE_ENV !== 'test',
    }),
    DatabaseModule.forRoot({
      url: config.DATABASE_URL,
      schema,
      migrations: options.migrations,
      poolSize: config.DATABASE_POOL_SIZE,
      migrateOnStart: config.MIGRATE_ON_START ?? config.NODE_ENV !== 'production',
    }),
    RedisModule.forRoot(config.REDIS_URL, service, config.REDIS_CLUSTER_NODES),
    MessagingModule.forRoot({
      service,
      schema,
      pollMs: config.OUTBOX_POLL_MS,
      idlePollMs: config.OUTBOX_IDLE_POLL_MS,
      consumerConcurrency: config.KAFKA_CONSUMER_CONCURRENCY,
      fetchMaxWaitMs: config.KAFKA_FETCH_MAX_WAIT_MS,
      consumerLingerMs: config.KAFKA_CONSUMER_LINGER_MS,
      consumersEnabled: config.CONSUMERS_ENABLED,
      kafka: { brokers: config.KAFKA_BROKERS, clientId: service, topicPrefix: config.KAFKA_TOPIC_PREFIX },
    }),
    JobsModule,
  ];
}
