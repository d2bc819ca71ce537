import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, JsonLogger, LogLevel } from '@advocacy/platform';
import { startConsumers } from './messaging.module';

export interface ServiceAppOptions {
  service: string;
  logLevel: LogLevel;
}

/** Builds a hybrid app (HTTP + Kafka batch consumer) and starts its consumers; the caller listens. */
export async function createServiceApp(
  module: DynamicModule | Type,
  options: ServiceAppOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger: new JsonLogger(options.service, options.logLevel),
    abortOnError: false,
  });
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  await startConsumers(app);
  return app;
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
