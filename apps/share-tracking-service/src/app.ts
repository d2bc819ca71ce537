import { defineServiceApp } from '@advocacy/messaging';
import { Clock } from '@advocacy/platform';
import { AppModule } from './app.module';
import { ShareTrackingEnv, SERVICE, visitorHashSecret } from './config';

export interface AppOverrides {
  clock?: Clock;
}

/** Builds the service from an environment; main.ts and the test harness both start it this way. */
export const createApp = defineServiceApp({
  service: SERVICE,
  env: ShareTrackingEnv,
  module: (config, overrides: AppOverrides) => AppModule.register(config, overrides),
  check: (config) => visitorHashSecret(config),
});
