import { defineServiceApp } from '@advocacy/messaging';
import { Clock } from '@advocacy/platform';
import { AppModule } from './app.module';
import { ShareTrackingEnv, SCHEMA, SERVICE, visitorHashSecret } from './config';
import { MIGRATIONS } from './migrations';

export interface AppOverrides {
  clock?: Clock;
}

/** Builds the service from an environment; main.ts and the test harness both start it this way. */
export const createApp = defineServiceApp({
  service: SERVICE,
  database: { schema: SCHEMA, migrations: MIGRATIONS },
  env: ShareTrackingEnv,
  module: (config, overrides: AppOverrides) => AppModule.register(config, overrides),
  check: (config) => visitorHashSecret(config),
});
