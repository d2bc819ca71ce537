import { INestApplication } from '@nestjs/common';
import { createServiceApp } from '@advocacy/messaging';
import { Clock, loadConfig } from '@advocacy/platform';
import { AppModule } from './app.module';
import { ContentEnv, ContentConfig, SERVICE } from './config';

export interface AppOverrides {
  clock?: Clock;
}

export interface CreatedApp {
  app: INestApplication;
  config: ContentConfig;
  port: number;
  host: string;
}

/** Builds the service from an environment; main.ts and the test harness both start it this way. */
export async function createApp(
  env: NodeJS.ProcessEnv = process.env,
  overrides: AppOverrides = {},
): Promise<CreatedApp> {
  const config = loadConfig(ContentEnv, env);
  const app = await createServiceApp(AppModule.register(config, overrides), {
    service: SERVICE,
    logLevel: config.LOG_LEVEL,
  });
  return { app, config, port: config.PORT, host: config.HOST };
}
