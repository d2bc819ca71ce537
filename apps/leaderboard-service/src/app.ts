import { defineServiceApp } from '@advocacy/messaging';
import { Clock } from '@advocacy/platform';
import { AppModule } from './app.module';
import { LeaderboardEnv, SERVICE } from './config';

export interface AppOverrides {
  clock?: Clock;
}

/** Builds the service from an environment; main.ts and the test harness both start it this way. */
export const createApp = defineServiceApp({
  service: SERVICE,
  env: LeaderboardEnv,
  module: (config, overrides: AppOverrides) => AppModule.register(config, overrides),
});
