import { Module } from '@nestjs/common';
import { AdvocatesModule } from '../advocates/advocates.module';
import { ContentModule } from '../content/content.module';
import { FeedConsumer, FeedController } from './feed.controller';
import { FeedService } from './feed.service';
import { SharedContentRepository } from './shared-content.repository';

@Module({
  imports: [ContentModule, AdvocatesModule],
  controllers: [FeedController, FeedConsumer],
  providers: [FeedService, SharedContentRepository],
  exports: [FeedService],
})
export class FeedModule {}
