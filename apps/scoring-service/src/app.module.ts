import { DynamicModule, Module } from '@nestjs/common';
import { serviceInfrastructure, TenantSettingsModule } from '@advocacy/messaging';
import type { AppOverrides } from './app';
import { ScoringConfig, SCHEMA, SERVICE } from './config';
import { MIGRATIONS } from './migrations';
import { PointsModule } from './points/points.module';

@Module({})
export class AppModule {
  static register(config: ScoringConfig, overrides: AppOverrides = {}): DynamicModule {
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
        PointsModule,
      ],
    };
  }
}
