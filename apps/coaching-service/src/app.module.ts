import { DynamicModule, Module } from '@nestjs/common';
import { serviceInfrastructure, TenantSettingsModule } from '@advocacy/messaging';
import type { AppOverrides } from './app';
import { CoachingConfig, SCHEMA, SERVICE } from './config';
import { CoachingModule } from './coaching.module';
import { MIGRATIONS } from './migrations';

@Module({})
export class AppModule {
  static register(config: CoachingConfig, overrides: AppOverrides = {}): DynamicModule {
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
        CoachingModule,
      ],
    };
  }
}
