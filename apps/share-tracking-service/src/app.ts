import { defineServiceApp } from '@advocacy/service-kit';
import { ShareTrackingEnv, SCHEMA, SERVICE, visitorHashSecret } from './config';
import { MIGRATIONS } from './migrations';
import { AnalyticsModule } from './analytics/analytics.module';
import { EngagementModule } from './engagements/engagement.module';
import { LinkModule } from './links/link.module';
import { ProjectionModule } from './projections/projection.module';
import { ShareModule } from './shares/share.module';

/** Builds the service from an environment; main.ts and the test harness both start it this way. */
export const createApp = defineServiceApp({
  service: SERVICE,
  database: { schema: SCHEMA, migrations: MIGRATIONS },
  env: ShareTrackingEnv,
  features: () => [ProjectionModule, ShareModule, LinkModule, EngagementModule, AnalyticsModule],
  check: (config) => visitorHashSecret(config),
});
