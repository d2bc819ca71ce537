import { Injectable } from '@nestjs/common';
import { AnyEnvelope, FeedQuery, Network } from '@advocacy/contracts';
import { Inbox } from '@advocacy/messaging';
import { AuthContext, Clock } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { AdvocatesService } from '../advocates/advocates.service';
import { Content, ContentRepository } from '../content/content.repository';
import { SharedContentRepository } from './shared-content.repository';
import { captionsFor, networksOf, rankFeed } from './feed.rules';

const SHARES_CONSUMER = 'content.shares';

export interface FeedReaderProfile {
  employeeId: string;
  /** null: every language */
  language: string | null;
  topics: string[];
  followers: Partial<Record<Network, number>>;
}

export type RankedContent = Content & { publishedAt: Date; score: number };

@Injectable()
export class FeedService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly content: ContentRepository,
    private readonly shared: SharedContentRepository,
    private readonly advocates: AdvocatesService,
    private readonly inbox: Inbox,
    private readonly clock: Clock,
  ) {}

  /** Everything the employee may share now that they have not shared yet, best first. */
  async ranked(
    manager: EntityManager,
    tenantId: string,
    reader: FeedReaderProfile,
    now: Date,
  ): Promise<RankedContent[]> {
    const rows = await this.content.feedCandidates(
      manager,
      tenantId,
      reader.employeeId,
      reader.language,
      now,
    );
    return rankFeed(
      rows.map((content) => ({ ...content, publishedAt: content.publishedAt ?? content.updatedAt })),
      { topics: reader.topics },
      now,
    );
  }

  async feed(auth: AuthContext, query: FeedQuery) {
    const profile = await this.advocates.profile(auth);
    const language = query.language === 'all' ? null : (query.language ?? profile.language);
    const ranked = await this.ranked(
      this.dataSource.manager,
      auth.tenantId,
      { ...profile, language },
      this.clock.now(),
    );
    const networks = networksOf(profile.followers);
    const page = ranked.slice(query.offset, query.offset + query.limit);
    return {
      items: page.map((item) => ({
        contentId: item.contentId,
        title: item.title,
        url: item.url,
        language: item.language,
        summary: item.summary,
        imageUrl: item.imageUrl,
        topics: item.topics,
        campaignId: item.campaignId,
        publishedAt: item.publishedAt.toISOString(),
        shareableUntil: item.shareableUntil?.toISOString() ?? null,
        score: item.score,
        captions: captionsFor(item.captions, networks, auth.employeeId, item.contentId),
      })),
      total: ranked.length,
      limit: query.limit,
      offset: query.offset,
    };
  }

  /** Keeps the "already shared" projection from share.v1; the inbox claim makes redelivery harmless. */
  async applyShares(envelopes: readonly AnyEnvelope[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const fresh = await this.inbox.claim(manager, SHARES_CONSUMER, envelopes);
      // Shares go in one statement; a withdrawal first writes the shares before it, so a share and
      // its withdrawal in one batch end as they would one by one.
      let adds: Parameters<SharedContentRepository['addMany']>[1][number][] = [];
      for (const envelope of fresh) {
        if (envelope.type === 'share.recorded') {
          adds.push({
            shareId: envelope.payload.shareId,
            tenantId: envelope.tenantId,
            employeeId: envelope.payload.employeeId,
            contentId: envelope.payload.contentId,
          });
        } else if (envelope.type === 'share.withdrawn') {
          await this.shared.addMany(manager, adds);
          adds = [];
          await this.shared.remove(manager, envelope.tenantId, envelope.payload.shareId);
        }
      }
      await this.shared.addMany(manager, adds);
    });
  }
}
