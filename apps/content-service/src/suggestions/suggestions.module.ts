import { Module } from '@nestjs/common';
import { AdvocatesModule } from '../advocates/advocates.module';
import { FeedModule } from '../feed/feed.module';
import { SettingsModule } from '../settings/settings.module';
import { SuggestionsController } from './suggestions.controller';
import { SuggestionsRepository } from './suggestions.repository';
import { SuggestionsService } from './suggestions.service';

@Module({
  imports: [AdvocatesModule, FeedModule, SettingsModule],
  controllers: [SuggestionsController],
  providers: [SuggestionsService, SuggestionsRepository],
  exports: [SuggestionsService],
})
export class SuggestionsModule {}
