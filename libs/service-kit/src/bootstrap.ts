import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  applyHttpSecurity,
  BaseEnv,
  Clock,
  ConfigError,
  createDataSource,
  createLogger,
  httpMetrics,
  httpTracing,
  loadConfig,
  HttpSecurityEnv,
  LogLevel,
  METRICS_REGISTRY,
  migrate,
  PendingMigrationsError,
} from '@advocacy/platform';
import { Logger } from 'nestjs-pino';
import { MixedList } from 'typeorm';
import { z } from 'zod';
import { startConsumers } from '@advocacy/messaging';
import { serviceAppModule } from './app-module';

export interface ServiceAppOptions {
  service: string;
  logLevel: LogLevel;
  trustProxy?: BaseEnv['TRUST_PROXY'];
  /** Security headers and request timeouts; the defaults of HttpSecurityEnv when absent. */
  security?: HttpSecurityEnv;
}

/** Builds a hybrid app (HTTP + Kafka batch consumer) and starts its consumers; the caller listens. */
export async function createServiceApp(
  module: DynamicModule | Type,
  options: ServiceAppOptions,
): Promise<INestApplication> {
  let app: NestExpressApplication;
  try {
    // Lines written before the pino logger is resolved wait for it, so every line has one shape.
    app = await NestFactory.create<NestExpressApplication>(module, {
      bufferLogs: true,
      abortOnError: false,
      // bodies are read per route, after authentication, by the platform's JsonBodyInterceptor
      bodyParser: false,
    });
  } catch (error) {
    createLogger(options.service, options.logLevel).error({ err: error }, 'failed to create the application');
    throw error;
  }
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(httpTracing(options.service));
  app.use(httpMetrics(app.get(METRICS_REGISTRY)));
  try {
    app.set('trust proxy', options.trustProxy ?? 'loopback, linklocal, uniquelocal');
  } catch (error) {
    await app.close();
    throw new ConfigError(`invalid configuration:\n  TRUST_PROXY: ${String(error)}`);
  }
  applyHttpSecurity(app, options.security ?? HttpSecurityEnv.parse({}));
  await startConsumers(app);
  return app;
}

type ServiceConfig = BaseEnv & { PORT: number };

export interface CreatedApp<C> {
  app: INestApplication;
  config: C;
  port: number;
  host: string;
}

/** What a test may replace when it starts a service; a service may add its own (a fake delivery). */
export interface ServiceOverrides {
  clock?: Clock;
}

export interface ServiceDefinition<S extends z.ZodObject, O extends ServiceOverrides> {
  service: string;
  /** The service's environment schema (BaseEnv extended with its own variables). */
  env: S;
  /** The service's own modules, imported next to the infrastructure every service shares. */
  features: (config: z.infer<S>, overrides: O) => (DynamicModule | Type)[];
  /** Checks beyond the schema, run before anything starts; throw a ConfigError naming the variable. */
  check?: (config: z.infer<S>) => void;
  /** The schema the service owns and its migrations, for the `migrate` command. */
  database: {
    schema: string;
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for migration classes
    migrations: MixedList<Function>;
  };
}

export interface ServiceApp<C, O> {
  (env?: NodeJS.ProcessEnv, overrides?: O): Promise<CreatedApp<C>>;
  /** Applies the service's pending migrations as its own database role, then returns their names. */
  migrate(env?: NodeJS.ProcessEnv): Promise<string[]>;
}

/**
 * The `createApp(env, overrides)` of a service: main.ts and the test harness both start it this way,
 * from an environment validated once at boot.
 */
export function defineServiceApp<S extends z.ZodObject, O extends ServiceOverrides = ServiceOverrides>(
  definition: ServiceDefinition<S, O>,
): ServiceApp<z.infer<S>, O> {
  const create = async (
    env: NodeJS.ProcessEnv = process.env,
    overrides = {} as O,
  ): Promise<CreatedApp<z.infer<S>>> => {
    const config = loadConfig(definition.env, env) as z.infer<S>;
    const base = config as unknown as ServiceConfig;
    definition.check?.(config);
    const root = serviceAppModule({
      service: definition.service,
      schema: definition.database.schema,
      migrations: definition.database.migrations,
      config: base,
      clock: overrides.clock,
      features: definition.features(config, overrides),
    });
    const app = await createServiceApp(root, {
      service: definition.service,
      logLevel: base.LOG_LEVEL,
      trustProxy: base.TRUST_PROXY,
      security: base,
    });
    return { app, config, port: base.PORT, host: base.HOST };
  };
  const runMigrations = async (env: NodeJS.ProcessEnv = process.env): Promise<string[]> => {
    const config = loadConfig(definition.env, env) as unknown as ServiceConfig;
    const dataSource = createDataSource({
      url: config.DATABASE_URL,
      schema: definition.database.schema,
      migrations: definition.database.migrations,
      // migrate() holds one connection for its advisory lock while the migrations use another.
      poolSize: 2,
    });
    await dataSource.initialize();
    try {
      return await migrate(dataSource, definition.database.schema);
    } finally {
      await dataSource.destroy();
    }
  };
  return Object.assign(create, { migrate: runMigrations });
}

/**
 * Process entry point: a bad configuration exits with the variable's name, signals shut down
 * cleanly. With the argument `migrate` the process applies the service's migrations and exits
 * (the chart's migration Job, `npm run migrate`) instead of serving.
 */
export function runMain<C, O>(service: ServiceApp<C, O>, argv = process.argv.slice(2)): void {
  const run =
    argv[0] === 'migrate'
      ? service.migrate().then((applied) => {
          process.stdout.write(
            applied.length > 0 ? `applied migrations: ${applied.join(', ')}\n` : 'schema is up to date\n',
          );
          process.exit(0);
        })
      : service().then(async ({ app, port, host }) => {
          app.enableShutdownHooks();
          await app.listen(port, host);
        });
  run.catch((error: unknown) => {
    if (error instanceof ConfigError || error instanceof PendingMigrationsError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(
        `failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    process.exit(1);
  });
}
