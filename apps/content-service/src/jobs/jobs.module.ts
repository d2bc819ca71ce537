import { Module } from '@nestjs/common';
import { ContentModule } from '../content/content.module';
import { SourcesModule } from '../sources/sources.module';
import { SuggestionsModule } from '../suggestions/suggestions.module';
import { JobsScheduler } from './jobs.scheduler';

@Module({
  imports: [ContentModule, SourcesModule, SuggestionsModule],
  providers: [JobsScheduler],
})
export class JobsModule {}
