import { defineServiceApp } from '@advocacy/messaging';
import { Clock } from '@advocacy/platform';
import { AppModule } from './app.module';
import { NotificationEnv, SCHEMA, SERVICE } from './config';
import { MIGRATIONS } from './migrations';
import type { WebhookDelivery } from './webhooks/webhook.delivery';

export interface AppOverrides {
  clock?: Clock;
  webhookDelivery?: WebhookDelivery;
}

/** Builds the service from an environment; main.ts and the test harness both start it this way. */
export const createApp = defineServiceApp({
  service: SERVICE,
  database: { schema: SCHEMA, migrations: MIGRATIONS },
  env: NotificationEnv,
  module: (config, overrides: AppOverrides) => AppModule.register(config, overrides),
});
