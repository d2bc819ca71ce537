import { TenantSettingsModule } from '@advocacy/messaging';
import { defineServiceApp } from '@advocacy/service-kit';
import { ScoringEnv, SCHEMA, SERVICE } from './config';
import { MIGRATIONS } from './migrations';
import { PointsModule } from './points/points.module';

/** Builds the service from an environment; main.ts and the test harness both start it this way. */
export const createApp = defineServiceApp({
  service: SERVICE,
  database: { schema: SCHEMA, migrations: MIGRATIONS },
  env: ScoringEnv,
  features: () => [TenantSettingsModule, PointsModule],
});
