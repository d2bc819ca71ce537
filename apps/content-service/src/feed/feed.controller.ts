import { Controller, Get } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AnyEnvelope, FeedPage, FeedQuery, TOPICS } from '@advocacy/contracts';
import { ApiDoc, Auth, AuthContext, ZodQuery } from '@advocacy/platform';
import { FeedService } from './feed.service';

@Controller('api/v1/feed')
export class FeedController {
  constructor(private readonly feed: FeedService) {}

  @Get()
  @ApiDoc({
    summary:
      'Your personal feed: shareable items you have not shared yet in your language (or `language=<tag>`|`all`), ranked, with captions',
    response: FeedPage,
  })
  get(@Auth() auth: AuthContext, @ZodQuery(FeedQuery) query: FeedQuery) {
    return this.feed.feed(auth, query);
  }
}

@Controller()
export class FeedConsumer {
  constructor(private readonly feed: FeedService) {}

  @EventPattern(TOPICS.share.name)
  onShares(@Payload() envelopes: AnyEnvelope[]): Promise<void> {
    return this.feed.applyShares(envelopes);
  }
}
