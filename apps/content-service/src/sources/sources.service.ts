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
import { SourceRow, SourcesRepository } from './sources.repository';

export interface SourceView {
  sourceId: string;
  url: string;
  language: string;
  topics: string[];
  lastPolledAt: string | null;
  lastError: string | null;
  imported: number;
}

const toView = (row: SourceRow): SourceView => ({
  sourceId: row.source_id,
  url: redactUrl(row.url),
  language: row.language,
  topics: row.topics,
  lastPolledAt: row.last_polled_at?.toISOString() ?? null,
  lastError: row.last_error,
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
      source_id: this.ids.next(),
      tenant_id: auth.tenantId,
      url: body.url,
      language: body.language,
      topics: body.topics,
      created_by: auth.employeeId,
      created_at: this.clock.now(),
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
        source.source_id,
        outcome.ok ? outcome.imported : 0,
        outcome.ok ? null : outcome.reason,
      );
    }
    return result;
  }

  private async poll(
    source: SourceRow,
  ): Promise<{ ok: true; imported: number } | { ok: false; reason: string }> {
    const fetched = await this.fetchFeed(source.url);
    if (!fetched.ok) {
      this.logger.warn(`feed ${source.source_id} (${redactUrl(source.url)}) failed: ${fetched.reason}`);
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
  private async importEntries(source: SourceRow, entries: readonly FeedEntry[]): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      let imported = 0;
      const now = this.clock.now();
      for (const entry of entries) {
        const row = await this.content.insert(manager, {
          content_id: this.ids.next(),
          tenant_id: source.tenant_id,
          status: 'draft',
          title: entry.title,
          url: entry.url,
          summary: entry.summary,
          image_url: null,
          language: source.language,
          topics: source.topics,
          campaign_id: null,
          campaign_priority: 0,
          shareable_from: null,
          shareable_until: null,
          captions: {},
          submitted_by: null,
          created_by: source.created_by,
          source_id: source.source_id,
          created_at: now,
          updated_at: now,
        });
        if (!row) continue;
        imported += 1;
        await this.content.addTransition(manager, {
          tenantId: source.tenant_id,
          contentId: row.content_id,
          from: null,
          to: 'draft',
          actor: `source:${source.source_id}`,
          comment: `imported from ${redactUrl(source.url)}`,
          at: now,
        });
      }
      return imported;
    });
  }
}
