import { TenantSettingsModule } from '@advocacy/messaging';
import { defineServiceApp } from '@advocacy/service-kit';
import { LeaderboardEnv, SCHEMA, SERVICE } from './config';
import { MIGRATIONS } from './migrations';
import { LeaderboardModule } from './leaderboard.module';

/** Builds the service from an environment; main.ts and the test harness both start it this way. */
export const createApp = defineServiceApp({
  service: SERVICE,
  database: { schema: SCHEMA, migrations: MIGRATIONS },
  env: LeaderboardEnv,
  features: () => [TenantSettingsModule, LeaderboardModule],
});
