import { DynamicModule, Module } from '@nestjs/common';
import { serviceInfrastructure } from '@advocacy/messaging';
import type { AppOverrides } from './app';
import { ShareTrackingConfig, SCHEMA, SERVICE } from './config';
import { MIGRATIONS } from './migrations';
import { AnalyticsModule } from './analytics/analytics.module';
import { EngagementModule } from './engagements/engagement.module';
import { LinkModule } from './links/link.module';
import { ProjectionModule } from './projections/projection.module';
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
        ProjectionModule,
        ShareModule,
        LinkModule,
        EngagementModule,
        AnalyticsModule,
      ],
    };
  }
}
