import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  applyHttpSecurity,
  BaseEnv,
  ConfigError,
  HttpSecurityEnv,
  JsonLogger,
  loadConfig,
  LogLevel,
} from '@advocacy/platform';
import { z } from 'zod';
import { startConsumers } from './messaging.module';

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
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger: new JsonLogger(options.service, options.logLevel),
    abortOnError: false,
    // bodies are read per route, after authentication, by the platform's JsonBodyInterceptor
    bodyParser: false,
  });
  app.disable('x-powered-by');
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

export interface ServiceDefinition<S extends z.ZodObject, O> {
  service: string;
  /** The service's environment schema (BaseEnv extended with its own variables). */
  env: S;
  module: (config: z.infer<S>, overrides: O) => DynamicModule;
  /** Checks beyond the schema, run before anything starts; throw a ConfigError naming the variable. */
  check?: (config: z.infer<S>) => void;
}

/**
 * The `createApp(env, overrides)` of a service: main.ts and the test harness both start it this way,
 * from an environment validated once at boot.
 */
export function defineServiceApp<S extends z.ZodObject, O extends object>(
  definition: ServiceDefinition<S, O>,
) {
  return async (
    env: NodeJS.ProcessEnv = process.env,
    overrides = {} as O,
  ): Promise<CreatedApp<z.infer<S>>> => {
    const config = loadConfig(definition.env, env) as z.infer<S>;
    const base = config as unknown as ServiceConfig;
    definition.check?.(config);
    const app = await createServiceApp(definition.module(config, overrides), {
      service: definition.service,
      logLevel: base.LOG_LEVEL,
      trustProxy: base.TRUST_PROXY,
      security: base,
    });
    return { app, config, port: base.PORT, host: base.HOST };
  };
}

/** Process entry point: a bad configuration exits with the variable's name, signals shut down cleanly. */
export function runMain(start: () => Promise<{ app: INestApplication; port: number; host: string }>): void {
  start()
    .then(async ({ app, port, host }) => {
      app.enableShutdownHooks();
      await app.listen(port, host);
    })
    .catch((error: unknown) => {
      if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`);
      } else {
        process.stderr.write(
          `failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
      }
      process.exit(1);
    });
}
