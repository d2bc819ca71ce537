import { INestApplication } from '@nestjs/common';
import { createServiceApp } from '@advocacy/messaging';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Clock, ConfigError, loadConfig } from '@advocacy/platform';
import { AppModule } from './app.module';
import { ShareTrackingEnv, ShareTrackingConfig, SERVICE, visitorHashSecret } from './config';

export interface AppOverrides {
  clock?: Clock;
}

export interface CreatedApp {
  app: INestApplication;
  config: ShareTrackingConfig;
  port: number;
  host: string;
}

/** Builds the service from an environment; main.ts and the test harness both start it this way. */
export async function createApp(
  env: NodeJS.ProcessEnv = process.env,
  overrides: AppOverrides = {},
): Promise<CreatedApp> {
  const config = loadConfig(ShareTrackingEnv, env);
  visitorHashSecret(config);
  const app = await createServiceApp(AppModule.register(config, overrides), {
    service: SERVICE,
    logLevel: config.LOG_LEVEL,
  });
  try {
    (app as NestExpressApplication).set('trust proxy', config.TRUST_PROXY);
  } catch (error) {
    await app.close();
    throw new ConfigError(`invalid configuration:\n  TRUST_PROXY: ${String(error)}`);
  }
  return { app, config, port: config.PORT, host: config.HOST };
}
