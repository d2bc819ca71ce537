import { Module } from '@nestjs/common';
import { AdvocatesModule } from '../advocates/advocates.module';
import { ContentModule } from '../content/content.module';
import { FeedConsumer, FeedController } from './feed.controller';
import { FeedService } from './feed.service';

@Module({
  imports: [ContentModule, AdvocatesModule],
  controllers: [FeedController, FeedConsumer],
  providers: [FeedService],
  exports: [FeedService],
})
export class FeedModule {}
