import { defineServiceApp } from '@advocacy/service-kit';
import { ContentEnv, SCHEMA, SERVICE } from './config';
import { MIGRATIONS } from './migrations';
import { AdvocatesModule } from './advocates/advocates.module';
import { ContentModule } from './content/content.module';
import { FeedModule } from './feed/feed.module';
import { GuidelinesModule } from './guidelines/guidelines.module';
import { JobsModule } from './jobs/jobs.module';
import { ScimModule } from './scim/scim.module';
import { SettingsModule } from './settings/settings.module';
import { SourcesModule } from './sources/sources.module';
import { SuggestionsModule } from './suggestions/suggestions.module';

/** Builds the service from an environment; main.ts and the test harness both start it this way. */
export const createApp = defineServiceApp({
  service: SERVICE,
  database: { schema: SCHEMA, migrations: MIGRATIONS },
  env: ContentEnv,
  features: () => [
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
});
