import { DynamicModule, Module } from '@nestjs/common';
import { serviceInfrastructure } from '@advocacy/messaging';
import type { AppOverrides } from './app';
import { ShareTrackingConfig, SCHEMA, SERVICE } from './config';
import { MIGRATIONS } from './migrations';
import { ShareModule } from './shares/share.module';

@Module({})
export class AppModule {
  static register(config: ShareTrackingConfig, overrides: AppOverrides = {}): DynamicModule {
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
        ShareModule,
      ],
    };
  }
}
