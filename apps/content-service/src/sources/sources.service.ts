import { Inject, Injectable, Logger } from '@nestjs/common';
import { CreateSourceBody } from '@advocacy/contracts';
import {
  APP_CONFIG,
  assertOutboundUrl,
  AuthContext,
  Clock,
  conflict,
  guardedFetch,
  IdGenerator,
  OutboundError,
  outboundOptions,
  redactUrl,
  unprocessable,
} from '@advocacy/platform';
import { DataSource } from 'typeorm';
import { ContentConfig } from '../config';
import { ContentRepository } from '../content/content.repository';
import { FeedEntry, parseFeed } from './feed-parser';
import { Source, SourcesRepository } from './sources.repository';

export interface SourceView {
  sourceId: string;
  url: string;
  language: string;
  topics: string[];
  lastPolledAt: string | null;
  lastError: string | null;
  imported: number;
}

const toView = (row: Source): SourceView => ({
  sourceId: row.sourceId,
  url: redactUrl(row.url),
  language: row.language,
  topics: row.topics,
  lastPolledAt: row.lastPolledAt?.toISOString() ?? null,
  lastError: row.lastError,
  imported: row.imported,
});

export interface PollResult {
  polled: number;
  imported: number;
  failed: number;
}

/** RSS and Atom feeds an admin registered; new entries land in the library as drafts. */
@Injectable()
export class SourcesService {
  private readonly logger = new Logger('SourcesService');

  constructor(
    private readonly dataSource: DataSource,
    private readonly sources: SourcesRepository,
    private readonly content: ContentRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    @Inject(APP_CONFIG) private readonly config: ContentConfig,
  ) {}

  async create(auth: AuthContext, body: CreateSourceBody): Promise<SourceView> {
    try {
      assertOutboundUrl(body.url, outboundOptions(this.config));
    } catch (error) {
      if (error instanceof OutboundError) {
        throw unprocessable(error.code, `url: this feed address is not reachable from here (${error.code})`);
      }
      throw error;
    }
    const row = await this.sources.insert(this.dataSource.manager, {
      sourceId: this.ids.next(),
      tenantId: auth.tenantId,
      url: body.url,
      language: body.language,
      topics: body.topics,
      createdBy: auth.employeeId,
      createdAt: this.clock.now(),
    });
    if (!row) throw conflict('duplicate_source', 'this feed is already registered');
    return toView(row);
  }

  async list(auth: AuthContext): Promise<{ sources: SourceView[] }> {
    return { sources: (await this.sources.list(this.dataSource.manager, auth.tenantId)).map(toView) };
  }

  /** Polls every source not polled within RSS_POLL_INTERVAL_MS. */
  async runRssPolling(options: { tenants?: readonly string[] } = {}): Promise<PollResult> {
    const now = this.clock.now();
    const dueBefore = new Date(now.getTime() - this.config.RSS_POLL_INTERVAL_MS);
    const due = await this.sources.claimDue(this.dataSource.manager, now, dueBefore, options.tenants, 50);
    const result: PollResult = { polled: due.length, imported: 0, failed: 0 };
    for (const source of due) {
      const outcome = await this.poll(source);
      if (outcome.ok) result.imported += outcome.imported;
      else result.failed += 1;
      await this.sources.recordResult(
        this.dataSource.manager,
        source.sourceId,
        outcome.ok ? outcome.imported : 0,
        outcome.ok ? null : outcome.reason,
      );
    }
    return result;
  }

  private async poll(
    source: Source,
  ): Promise<{ ok: true; imported: number } | { ok: false; reason: string }> {
    const fetched = await this.fetchFeed(source.url);
    if (!fetched.ok) {
      this.logger.warn(`feed ${source.sourceId} (${redactUrl(source.url)}) failed: ${fetched.reason}`);
      return fetched;
    }
    const parsed = parseFeed(fetched.body);
    if (!parsed.ok) return parsed;
    const imported = await this.importEntries(source, parsed.entries);
    return { ok: true, imported };
  }

  /**
   * Through the outbound guard: a tenant's URL never reaches an internal address, and the reason kept
   * in lastError is a code (`blocked_address`, `timeout`, `http_status_404`…), never the peer's words.
   */
  private async fetchFeed(url: string): Promise<{ ok: true; body: string } | { ok: false; reason: string }> {
    try {
      const response = await guardedFetch(
        url,
        { headers: { accept: 'application/rss+xml, application/atom+xml, application/xml, text/xml' } },
        {
          ...outboundOptions(this.config),
          totalTimeoutMs: this.config.RSS_FETCH_TIMEOUT_MS,
          maxBytes: this.config.RSS_MAX_BYTES,
        },
      );
      return { ok: true, body: response.text() };
    } catch (error) {
      if (error instanceof OutboundError) return { ok: false, reason: error.code };
      this.logger.error(error instanceof Error ? error.stack : String(error));
      return { ok: false, reason: 'fetch_failed' };
    }
  }

  /** New links become drafts; a link the tenant already holds is skipped by the unique (tenant, url). */
  private async importEntries(source: Source, entries: readonly FeedEntry[]): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      let imported = 0;
      const now = this.clock.now();
      for (const entry of entries) {
        const row = await this.content.insert(manager, {
          contentId: this.ids.next(),
          tenantId: source.tenantId,
          status: 'draft',
          title: entry.title,
          url: entry.url,
          summary: entry.summary,
          imageUrl: null,
          language: source.language,
          topics: source.topics,
          campaignId: null,
          campaignPriority: 0,
          shareableFrom: null,
          shareableUntil: null,
          captions: {},
          submittedBy: null,
          createdBy: source.createdBy,
          sourceId: source.sourceId,
          createdAt: now,
          updatedAt: now,
        });
        if (!row) continue;
        imported += 1;
        await this.content.addTransition(manager, {
          tenantId: source.tenantId,
          contentId: row.contentId,
          from: null,
          to: 'draft',
          actor: `source:${source.sourceId}`,
          comment: `imported from ${redactUrl(source.url)}`,
          at: now,
        });
      }
      return imported;
    });
  }
}
