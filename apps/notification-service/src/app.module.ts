import { DynamicModule, Module } from '@nestjs/common';
import { serviceInfrastructure, TenantSettingsModule } from '@advocacy/messaging';
import type { AppOverrides } from './app';
import { NotificationConfig, SCHEMA, SERVICE } from './config';
import { MIGRATIONS } from './migrations';
import { NotificationModule } from './notification.module';

@Module({})
export class AppModule {
  static register(config: NotificationConfig, overrides: AppOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceInfrastructure({
          service: SERVICE,
          schema: SCHEMA,
          config,
          migrations: MIGRATIONS,
          clock: overrides.clock,
        }),
        TenantSettingsModule,
        NotificationModule.register(overrides),
      ],
    };
  }
}
