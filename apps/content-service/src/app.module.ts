import { DynamicModule, Module } from '@nestjs/common';
import { serviceInfrastructure } from '@advocacy/messaging';
import { AdvocatesModule } from './advocates/advocates.module';
import type { AppOverrides } from './app';
import { ContentConfig, SCHEMA, SERVICE } from './config';
import { ContentModule } from './content/content.module';
import { FeedModule } from './feed/feed.module';
import { GuidelinesModule } from './guidelines/guidelines.module';
import { JobsModule } from './jobs/jobs.module';
import { MIGRATIONS } from './migrations';
import { ScimModule } from './scim/scim.module';
import { SettingsModule } from './settings/settings.module';
import { SourcesModule } from './sources/sources.module';
import { SuggestionsModule } from './suggestions/suggestions.module';

@Module({})
export class AppModule {
  static register(config: ContentConfig, overrides: AppOverrides = {}): DynamicModule {
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
        ContentModule,
        GuidelinesModule,
        AdvocatesModule,
        SettingsModule,
        FeedModule,
        SuggestionsModule,
        SourcesModule,
        JobsModule,
        ScimModule,
      ],
    };
  }
}
