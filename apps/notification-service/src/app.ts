import { TenantSettingsModule } from '@advocacy/messaging';
import { defineServiceApp, ServiceOverrides } from '@advocacy/service-kit';
import { NotificationEnv, SCHEMA, SERVICE } from './config';
import { MIGRATIONS } from './migrations';
import { NotificationModule } from './notification.module';
import type { WebhookDelivery } from './webhooks/webhook.delivery';

export interface AppOverrides extends ServiceOverrides {
  webhookDelivery?: WebhookDelivery;
}

/** Builds the service from an environment; main.ts and the test harness both start it this way. */
export const createApp = defineServiceApp({
  service: SERVICE,
  database: { schema: SCHEMA, migrations: MIGRATIONS },
  env: NotificationEnv,
  features: (_config, overrides: AppOverrides) => [
    TenantSettingsModule,
    NotificationModule.register(overrides),
  ],
});
