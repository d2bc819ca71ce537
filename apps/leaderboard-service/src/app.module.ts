import { DynamicModule, Module } from '@nestjs/common';
import { serviceInfrastructure, TenantSettingsModule } from '@advocacy/messaging';
import type { AppOverrides } from './app';
import { LeaderboardConfig, SCHEMA, SERVICE } from './config';
import { MIGRATIONS } from './migrations';
import { LeaderboardModule } from './leaderboard.module';

@Module({})
export class AppModule {
  static register(config: LeaderboardConfig, overrides: AppOverrides = {}): DynamicModule {
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
        LeaderboardModule,
      ],
    };
  }
}
