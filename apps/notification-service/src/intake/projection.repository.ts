import { Injectable } from '@nestjs/common';
import { ContentSnapshot } from '@advocacy/contracts';
import { EntityManager } from 'typeorm';

export interface AdvocateRecord {
  displayName: string;
  language: string;
  email: string | null;
}

export interface SuggestedContent {
  contentId: string;
  title: string;
  url: string;
  summary: string | null;
}

/** The service's own view of advocates, content, shares, suggestions and weekly points. */
@Injectable()
export class ProjectionRepository {
  async upsertAdvocate(
    manager: EntityManager,
    tenantId: string,
    advocate: { employeeId: string; displayName: string; language: string; email?: string },
    at: string,
  ): Promise<void> {
    // An older event (redelivered out of order across a rebalance) never overwrites a newer one.
    await manager.query(
      `INSERT INTO notification.advocates (tenant_id, employee_id, display_name, language, email, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id, employee_id) DO UPDATE SET display_name = $3, language = $4,
         email = coalesce($5, notification.advocates.email), updated_at = $6
       WHERE notification.advocates.updated_at <= $6`,
      [tenantId, advocate.employeeId, advocate.displayName, advocate.language, advocate.email ?? null, at],
    );
  }

  async upsertContent(manager: EntityManager, tenantId: string, content: ContentSnapshot): Promise<void> {
    await manager.query(
      `INSERT INTO notification.content (tenant_id, content_id, title, url, summary, campaign_id, shareable_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (tenant_id, content_id) DO UPDATE SET title = $3, url = $4, summary = $5,
         campaign_id = $6, shareable_until = $7`,
      [
        tenantId,
        content.contentId,
        content.title,
        content.url,
        content.summary ?? null,
        content.campaignId ?? null,
        content.shareableUntil ?? null,
      ],
    );
  }

  async archiveContent(manager: EntityManager, tenantId: string, contentId: string): Promise<void> {
    await manager.query(
      'UPDATE notification.content SET archived = true WHERE tenant_id = $1 AND content_id = $2',
      [tenantId, contentId],
    );
  }

  async recordSuggestion(
    manager: EntityManager,
    tenantId: string,
    suggestion: { employeeId: string; contentIds: string[]; day: string; reason: string },
    at: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO notification.suggested (tenant_id, employee_id, content_id, day, reason, suggested_at)
       SELECT $1, $2, unnest($3::uuid[]), $4, $5, $6 ON CONFLICT DO NOTHING`,
      [tenantId, suggestion.employeeId, suggestion.contentIds, suggestion.day, suggestion.reason, at],
    );
  }

  async addWeeklyPoints(
    manager: EntityManager,
    rows: readonly { tenantId: string; week: string; employeeId: string; points: number }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO notification.points_weekly (tenant_id, week, employee_id, points)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])
       ON CONFLICT (tenant_id, week, employee_id) DO UPDATE
         SET points = notification.points_weekly.points + EXCLUDED.points`,
      [
        rows.map((r) => r.tenantId),
        rows.map((r) => r.week),
        rows.map((r) => r.employeeId),
        rows.map((r) => r.points),
      ],
    );
  }

  async topOfWeek(
    manager: EntityManager,
    tenantId: string,
    week: string,
    limit: number,
  ): Promise<{ employeeId: string; displayName: string; points: number }[]> {
    const rows = await manager.query<{ employee_id: string; display_name: string | null; points: number }[]>(
      `SELECT w.employee_id, a.display_name, w.points FROM notification.points_weekly w
       LEFT JOIN notification.advocates a ON a.tenant_id = w.tenant_id AND a.employee_id = w.employee_id
       WHERE w.tenant_id = $1 AND w.week = $2 AND w.points > 0
       ORDER BY w.points DESC, w.employee_id LIMIT $3`,
      [tenantId, week, limit],
    );
    return rows.map((row) => ({
      employeeId: row.employee_id,
      displayName: row.display_name ?? row.employee_id,
      points: row.points,
    }));
  }

  /** The advocates of one tenant among `ids` that the projection knows, by employee id. */
  async advocates(
    manager: EntityManager,
    tenantId: string,
    ids: readonly string[],
  ): Promise<Map<string, AdvocateRecord>> {
    if (ids.length === 0) return new Map();
    const rows = await manager.query<
      { employee_id: string; display_name: string; language: string; email: string | null }[]
    >(
      `SELECT employee_id, display_name, language, email FROM notification.advocates
       WHERE tenant_id = $1 AND employee_id = ANY($2)`,
      [tenantId, [...new Set(ids)]],
    );
    return new Map(
      rows.map((row) => [
        row.employee_id,
        { displayName: row.display_name, language: row.language, email: row.email },
      ]),
    );
  }

  /** Shares of a batch in one statement (the digest leaves shared content out). */
  async recordShares(
    manager: EntityManager,
    shares: readonly { tenantId: string; employeeId: string; contentId: string }[],
  ): Promise<void> {
    if (shares.length === 0) return;
    await manager.query(
      `INSERT INTO notification.shared (tenant_id, employee_id, content_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[]) ON CONFLICT DO NOTHING`,
      [shares.map((s) => s.tenantId), shares.map((s) => s.employeeId), shares.map((s) => s.contentId)],
    );
  }

  async advocate(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
  ): Promise<AdvocateRecord | null> {
    const [row] = await manager.query<{ display_name: string; language: string; email: string | null }[]>(
      `SELECT display_name, language, email FROM notification.advocates WHERE tenant_id = $1 AND employee_id = $2`,
      [tenantId, employeeId],
    );
    return row ? { displayName: row.display_name, language: row.language, email: row.email } : null;
  }

  /** Advocates who can get a digest (an address known), per tenant. */
  async mailable(manager: EntityManager): Promise<{ tenantId: string; employeeId: string }[]> {
    const rows = await manager.query<{ tenant_id: string; employee_id: string }[]>(
      `SELECT tenant_id, employee_id FROM notification.advocates WHERE email IS NOT NULL ORDER BY tenant_id`,
    );
    return rows.map((row) => ({ tenantId: row.tenant_id, employeeId: row.employee_id }));
  }

  async tenants(manager: EntityManager): Promise<string[]> {
    const rows = await manager.query<{ tenant_id: string }[]>(
      `SELECT DISTINCT tenant_id FROM notification.advocates ORDER BY tenant_id`,
    );
    return rows.map((row) => row.tenant_id);
  }

  /**
   * The newest suggestions since `since` that the employee has not shared, still live and
   * shareable: what a digest offers.
   */
  async unsharedSuggestions(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    since: Date,
    now: Date,
    limit: number,
  ): Promise<SuggestedContent[]> {
    const rows = await manager.query<
      { content_id: string; title: string; url: string; summary: string | null }[]
    >(
      `SELECT c.content_id, c.title, c.url, c.summary, max(s.suggested_at) AS latest
       FROM notification.suggested s
       JOIN notification.content c ON c.tenant_id = s.tenant_id AND c.content_id = s.content_id
       WHERE s.tenant_id = $1 AND s.employee_id = $2 AND s.suggested_at >= $3
         AND NOT c.archived AND (c.shareable_until IS NULL OR c.shareable_until > $4)
         AND NOT EXISTS (SELECT 1 FROM notification.shared sh
                         WHERE sh.tenant_id = s.tenant_id AND sh.employee_id = s.employee_id
                           AND sh.content_id = s.content_id)
       GROUP BY c.content_id, c.title, c.url, c.summary
       ORDER BY latest DESC, c.content_id LIMIT $5`,
      [tenantId, employeeId, since, now, limit],
    );
    return rows.map((row) => ({
      contentId: row.content_id,
      title: row.title,
      url: row.url,
      summary: row.summary,
    }));
  }

  async forget(manager: EntityManager, olderThan: Date): Promise<void> {
    await manager.query('DELETE FROM notification.suggested WHERE suggested_at < $1', [olderThan]);
  }
}
