import {
  DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { DataSource, EntityManager, MixedList } from 'typeorm';
import { Gauge, Registry } from 'prom-client';
import { HealthRegistry } from './health';
import { METRICS_REGISTRY } from './metrics';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

export interface DatabaseOptions {
  url: string;
  /** The service's own schema; the service never reads another schema. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for classes
  migrations: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for classes
  entities?: MixedList<Function>;
  poolSize?: number;
  /**
   * Run pending migrations when the service starts (development and tests). Off in production,
   * where the migration Job runs them before the rollout: a replica then refuses to start while a
   * migration is pending instead of racing its siblings to change the schema under live traffic.
   */
  migrateOnStart?: boolean;
}

export const DATABASE_OPTIONS = Symbol('DATABASE_OPTIONS');

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities ?? [],
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: {
      max: options.poolSize ?? 10,
      // Unqualified names resolve in the service's own schema.
      options: `-c search_path=${options.schema},public`,
    },
  });
}

/**
 * Creates the schema when it is missing and runs pending migrations under an advisory lock, so
 * replicas that start together do not race each other. The existence check comes first because a
 * service role may own its schema without the right to create schemas (Postgres checks that right
 * even for `CREATE SCHEMA IF NOT EXISTS` on an existing schema).
 */
export async function migrate(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrate:${schema}`]);
    const existing = (await runner.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
      schema,
    ])) as unknown[];
    if (existing.length === 0) await runner.query(`CREATE SCHEMA "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner
      .query('SELECT pg_advisory_unlock(hashtext($1))', [`migrate:${schema}`])
      .catch(() => undefined);
    await runner.release();
  }
}

export class PendingMigrationsError extends Error {}

/** Throws when the schema lacks a migration this build knows (MIGRATE_ON_START=false). */
export async function assertMigrated(dataSource: DataSource, schema: string): Promise<void> {
  const pending = await dataSource.showMigrations().catch((error: unknown) => {
    throw new PendingMigrationsError(
      `cannot read the migrations of schema "${schema}" (${String(error)}); run this service with the argument \`migrate\` (npm run migrate) first`,
    );
  });
  if (pending) {
    throw new PendingMigrationsError(
      `schema "${schema}" has pending migrations and MIGRATE_ON_START is false; run this service with the argument \`migrate\` (npm run migrate, or the chart's migration Job) first`,
    );
  }
}

class DatabaseLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  constructor(
    private readonly dataSource: DataSource,
    @Inject(DATABASE_OPTIONS) private readonly options: DatabaseOptions,
    private readonly health: HealthRegistry,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  async onModuleInit() {
    if (!this.dataSource.isInitialized) await this.dataSource.initialize();
    // Read on every scrape (prom-client calls `collect`), not kept up to date by hand.
    const pool = () => (this.dataSource.driver as unknown as { master?: PgPool }).master;
    if (!this.registry.getSingleMetric('db_pool_connections')) {
      new Gauge({
        name: 'db_pool_connections',
        help: 'Postgres pool connections by state',
        labelNames: ['state'],
        registers: [this.registry],
        collect() {
          const current = pool();
          if (!current) return;
          this.set({ state: 'idle' }, current.idleCount);
          this.set({ state: 'busy' }, current.totalCount - current.idleCount);
        },
      });
      new Gauge({
        name: 'db_pool_waiting_clients',
        help: 'Queries waiting for a pool connection',
        registers: [this.registry],
        collect() {
          this.set(pool()?.waitingCount ?? 0);
        },
      });
    }
    if (this.options.migrateOnStart ?? true) {
      const applied = await migrate(this.dataSource, this.options.schema);
      if (applied.length > 0) this.logger.log(`applied migrations: ${applied.join(', ')}`);
    } else {
      await assertMigrated(this.dataSource, this.options.schema);
    }
    this.health.register('postgres', async () => {
      await this.dataSource.query('SELECT 1');
    });
  }

  async onApplicationShutdown() {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE_OPTIONS, useValue: options },
        { provide: DataSource, useFactory: () => createDataSource(options) },
        {
          provide: EntityManager,
          useFactory: (dataSource: DataSource) => dataSource.manager,
          inject: [DataSource],
        },
        DatabaseLifecycle,
      ],
      exports: [DataSource, EntityManager, DATABASE_OPTIONS],
    };
  }
}
