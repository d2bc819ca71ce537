import { Injectable } from '@nestjs/common';
import { Network } from '@advocacy/contracts';
import { EntityManager } from 'typeorm';

/** What the redirect needs of a tracked link: its share and the content URL. */
export interface LinkTarget {
  shareId: string;
  tenantId: string;
  employeeId: string;
  teamId: string | null;
  contentId: string;
  campaignId: string | null;
  network: Network;
  withdrawn: boolean;
  /** the content was archived: its links answer 410 like withdrawn shares */
  archived: boolean;
  contentUrl: string;
}

export interface ClickRow {
  clickId: string;
  tenantId: string;
  shareId: string;
  visitorHash: string;
  day: string;
  clickedAt: Date;
  human: boolean;
  own: boolean;
  capped: boolean;
  unique: boolean;
}

@Injectable()
export class LinkRepository {
  /** The link codes of every share of one content item. */
  async codesOfContent(manager: EntityManager, tenantId: string, contentId: string): Promise<string[]> {
    const rows = await manager.query<{ link_code: string }[]>(
      'SELECT link_code FROM tracking.shares WHERE tenant_id = $1 AND content_id = $2',
      [tenantId, contentId],
    );
    return rows.map((row) => row.link_code);
  }

  async byCode(manager: EntityManager, code: string): Promise<LinkTarget | null> {
    const [row] = await manager.query<
      {
        share_id: string;
        tenant_id: string;
        employee_id: string;
        team_id: string | null;
        content_id: string;
        campaign_id: string | null;
        network: Network;
        status: string;
        url: string | null;
        content_status: string | null;
      }[]
    >(
      `SELECT s.share_id, s.tenant_id, s.employee_id, s.team_id, s.content_id, s.campaign_id, s.network, s.status, c.url,
              c.status AS content_status
       FROM tracking.shares s
       LEFT JOIN tracking.contents c ON c.tenant_id = s.tenant_id AND c.content_id = s.content_id
       WHERE s.link_code = $1`,
      [code],
    );
    // Shares recorded before content was projected have no target to send visitors to.
    if (!row?.url) return null;
    return {
      shareId: row.share_id,
      tenantId: row.tenant_id,
      employeeId: row.employee_id,
      teamId: row.team_id,
      contentId: row.content_id,
      campaignId: row.campaign_id,
      network: row.network,
      withdrawn: row.status === 'withdrawn',
      archived: row.content_status === 'archived',
      contentUrl: row.url,
    };
  }

  /**
   * The latest `limit` earlier click times within the burst window, per `shareId|visitorHash`. The cap
   * only needs that many: one visitor hammering a link would otherwise return every click of the last
   * minute to every flush.
   */
  async recentClicks(
    manager: EntityManager,
    keys: readonly { shareId: string; visitorHash: string }[],
    since: Date,
    limit: number,
  ): Promise<Map<string, Date[]>> {
    const recent = new Map<string, Date[]>();
    if (keys.length === 0) return recent;
    const distinct = new Map<string, { shareId: string; visitorHash: string }>();
    for (const key of keys) distinct.set(`${key.shareId}|${key.visitorHash}`, key);
    const unique = [...distinct.values()];
    const rows = await manager.query<{ share_id: string; visitor_hash: string; clicked_at: Date }[]>(
      `SELECT k.share_id, k.visitor_hash, c.clicked_at
       FROM unnest($1::uuid[], $2::text[]) AS k(share_id, visitor_hash)
       CROSS JOIN LATERAL (
         SELECT clicked_at FROM tracking.clicks
         WHERE share_id = k.share_id AND visitor_hash = k.visitor_hash AND clicked_at > $3
         ORDER BY clicked_at DESC LIMIT $4
       ) c`,
      [unique.map((key) => key.shareId), unique.map((key) => key.visitorHash), since, limit],
    );
    for (const row of rows) {
      const key = `${row.share_id}|${row.visitor_hash}`;
      const times = recent.get(key);
      if (times) times.push(row.clicked_at);
      else recent.set(key, [row.clicked_at]);
    }
    return recent;
  }

  /** Claims the day's first click of each visitor on each share; returns the claimed keys. */
  async claimUniques(
    manager: EntityManager,
    keys: readonly { shareId: string; day: string; visitorHash: string }[],
  ): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await manager.query<{ share_id: string; day: string; visitor_hash: string }[]>(
      `INSERT INTO tracking.click_uniques (share_id, day, visitor_hash)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])
       ON CONFLICT DO NOTHING RETURNING share_id, day, visitor_hash`,
      [keys.map((key) => key.shareId), keys.map((key) => key.day), keys.map((key) => key.visitorHash)],
    );
    return new Set(rows.map((row) => `${row.share_id}|${row.day}|${row.visitor_hash}`));
  }

  /**
   * Flags the clicks of each burst that had counted as unique, once: a click already flagged is not
   * returned again, so a replayed flush announces nothing twice. Returns the newly flagged clicks.
   */
  async flagCountedInBursts(
    manager: EntityManager,
    bursts: readonly { shareId: string; visitorHash: string; since: Date; until: Date }[],
  ): Promise<{ clickId: string; shareId: string; flaggedAt: Date }[]> {
    if (bursts.length === 0) return [];
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows] = await manager.query<[{ click_id: string; share_id: string; flagged_at: Date }[], number]>(
      `UPDATE tracking.clicks c SET flagged_at = b.until
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[]) AS b(share_id, visitor_hash, since, until)
       WHERE c.share_id = b.share_id AND c.visitor_hash = b.visitor_hash
         AND c.clicked_at > b.since AND c.clicked_at <= b.until
         AND c.is_unique AND c.flagged_at IS NULL
       RETURNING c.click_id, c.share_id, c.flagged_at`,
      [
        bursts.map((burst) => burst.shareId),
        bursts.map((burst) => burst.visitorHash),
        bursts.map((burst) => burst.since),
        bursts.map((burst) => burst.until),
      ],
    );
    return rows.map((row) => ({ clickId: row.click_id, shareId: row.share_id, flaggedAt: row.flagged_at }));
  }

  async insertClicks(manager: EntityManager, clicks: readonly ClickRow[]): Promise<void> {
    if (clicks.length === 0) return;
    await manager.query(
      `INSERT INTO tracking.clicks (click_id, tenant_id, share_id, visitor_hash, day, clicked_at, human, own, capped, is_unique)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[],
                            $7::boolean[], $8::boolean[], $9::boolean[], $10::boolean[])
       ON CONFLICT (click_id) DO NOTHING`,
      [
        clicks.map((click) => click.clickId),
        clicks.map((click) => click.tenantId),
        clicks.map((click) => click.shareId),
        clicks.map((click) => click.visitorHash),
        clicks.map((click) => click.day),
        clicks.map((click) => click.clickedAt.toISOString()),
        clicks.map((click) => click.human),
        clicks.map((click) => click.own),
        clicks.map((click) => click.capped),
        clicks.map((click) => click.unique),
      ],
    );
  }
}
