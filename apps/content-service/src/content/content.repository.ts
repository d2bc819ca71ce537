import { Injectable } from '@nestjs/common';
import { Captions, ContentItem, ContentStatus } from '@advocacy/contracts';
import { EntityManager } from 'typeorm';

export interface ContentRow {
  content_id: string;
  tenant_id: string;
  status: ContentStatus;
  title: string;
  url: string;
  summary: string | null;
  image_url: string | null;
  language: string;
  topics: string[];
  campaign_id: string | null;
  campaign_priority: number;
  shareable_from: Date | null;
  shareable_until: Date | null;
  captions: Captions;
  submitted_by: string | null;
  created_by: string;
  review_comment: string | null;
  source_id: string | null;
  published_at: Date | null;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type NewContentRow = Omit<ContentRow, 'review_comment' | 'published_at' | 'archived_at'>;

interface TransitionRow {
  from_status: ContentStatus | null;
  to_status: ContentStatus;
  actor: string;
  comment: string | null;
  at: Date;
}

const COLUMNS: (keyof NewContentRow)[] = [
  'content_id',
  'tenant_id',
  'status',
  'title',
  'url',
  'summary',
  'image_url',
  'language',
  'topics',
  'campaign_id',
  'campaign_priority',
  'shareable_from',
  'shareable_until',
  'captions',
  'submitted_by',
  'created_by',
  'source_id',
  'created_at',
  'updated_at',
];

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toContentItem(row: ContentRow): ContentItem {
  return {
    contentId: row.content_id,
    status: row.status,
    title: row.title,
    url: row.url,
    summary: row.summary,
    imageUrl: row.image_url,
    language: row.language,
    topics: row.topics,
    campaignId: row.campaign_id,
    campaignPriority: row.campaign_priority,
    shareableFrom: iso(row.shareable_from),
    shareableUntil: iso(row.shareable_until),
    captions: row.captions,
    submittedBy: row.submitted_by,
    createdBy: row.created_by,
    reviewComment: row.review_comment,
    publishedAt: iso(row.published_at),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Columns a PATCH may change, by their body names. */
export const EDITABLE_COLUMNS = {
  title: 'title',
  url: 'url',
  summary: 'summary',
  imageUrl: 'image_url',
  language: 'language',
  topics: 'topics',
  campaignId: 'campaign_id',
  campaignPriority: 'campaign_priority',
  shareableFrom: 'shareable_from',
  shareableUntil: 'shareable_until',
  captions: 'captions',
} as const;

export type ContentPatch = Partial<Record<(typeof EDITABLE_COLUMNS)[keyof typeof EDITABLE_COLUMNS], unknown>>;

@Injectable()
export class ContentRepository {
  /** Inserts unless the tenant already has an item with this URL; returns null then. */
  async insert(manager: EntityManager, row: NewContentRow): Promise<ContentRow | null> {
    const values = COLUMNS.map((column) =>
      column === 'captions' ? JSON.stringify(row.captions) : row[column],
    );
    const rows = await manager.query<ContentRow[]>(
      `INSERT INTO content.items (${COLUMNS.join(', ')})
       VALUES (${COLUMNS.map((_, index) => `$${index + 1}`).join(', ')})
       ON CONFLICT (tenant_id, url) DO NOTHING
       RETURNING *`,
      values,
    );
    return rows[0] ?? null;
  }

  async find(
    manager: EntityManager,
    tenantId: string,
    contentId: string,
    lock = false,
  ): Promise<ContentRow | null> {
    const rows = await manager.query<ContentRow[]>(
      `SELECT * FROM content.items WHERE tenant_id = $1 AND content_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [tenantId, contentId],
    );
    return rows[0] ?? null;
  }

  async urlTaken(manager: EntityManager, tenantId: string, url: string, except: string): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      'SELECT 1 FROM content.items WHERE tenant_id = $1 AND url = $2 AND content_id <> $3',
      [tenantId, url, except],
    );
    return rows.length > 0;
  }

  async list(
    manager: EntityManager,
    tenantId: string,
    filter: { status?: ContentStatus; visibleTo?: string; limit: number; offset: number },
  ): Promise<ContentRow[]> {
    const params: unknown[] = [tenantId];
    const where = ['tenant_id = $1'];
    if (filter.status) {
      params.push(filter.status);
      where.push(`status = $${params.length}`);
    }
    if (filter.visibleTo) {
      params.push(filter.visibleTo);
      where.push(`(status = 'published' OR submitted_by = $${params.length})`);
    }
    params.push(filter.limit, filter.offset);
    return manager.query<ContentRow[]>(
      `SELECT * FROM content.items WHERE ${where.join(' AND ')}
       ORDER BY created_at DESC, content_id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }

  async update(
    manager: EntityManager,
    contentId: string,
    patch: ContentPatch,
    at: Date,
  ): Promise<ContentRow> {
    const entries = Object.entries(patch).filter(([, value]) => value !== undefined);
    const params: unknown[] = [contentId, at];
    const sets = entries.map(([column, value]) => {
      params.push(column === 'captions' ? JSON.stringify(value) : value);
      return `${column} = $${params.length}`;
    });
    // TypeORM answers an UPDATE with [rows, affected].
    const [[row]] = await manager.query<[ContentRow[], number]>(
      `UPDATE content.items SET ${[...sets, 'updated_at = $2'].join(', ')} WHERE content_id = $1 RETURNING *`,
      params,
    );
    return row;
  }

  async setStatus(
    manager: EntityManager,
    contentId: string,
    status: ContentStatus,
    at: Date,
    reviewComment: string | null | undefined,
  ): Promise<ContentRow> {
    const [[row]] = await manager.query<[ContentRow[], number]>(
      `UPDATE content.items SET status = $2, updated_at = $3,
         published_at = CASE WHEN $2 = 'published' THEN $3 ELSE published_at END,
         archived_at = CASE WHEN $2 = 'archived' THEN $3 ELSE archived_at END,
         review_comment = CASE WHEN $4::boolean THEN $5 ELSE review_comment END
       WHERE content_id = $1 RETURNING *`,
      [contentId, status, at, reviewComment !== undefined, reviewComment ?? null],
    );
    return row;
  }

  async addTransition(
    manager: EntityManager,
    row: {
      tenantId: string;
      contentId: string;
      from: ContentStatus | null;
      to: ContentStatus;
      actor: string;
      comment: string | null;
      at: Date;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO content.transitions (tenant_id, content_id, from_status, to_status, actor, comment, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.tenantId, row.contentId, row.from, row.to, row.actor, row.comment, row.at],
    );
  }

  async transitions(manager: EntityManager, tenantId: string, contentId: string) {
    const rows = await manager.query<TransitionRow[]>(
      `SELECT from_status, to_status, actor, comment, at FROM content.transitions
       WHERE tenant_id = $1 AND content_id = $2 ORDER BY seq`,
      [tenantId, contentId],
    );
    return rows.map((row) => ({
      from: row.from_status,
      to: row.to_status,
      actor: row.actor,
      comment: row.comment,
      at: row.at.toISOString(),
    }));
  }

  /** Published items whose window has closed, locked so two replicas never archive the same one. */
  async expired(manager: EntityManager, now: Date, tenants: readonly string[] | undefined, limit: number) {
    return manager.query<ContentRow[]>(
      `SELECT * FROM content.items
       WHERE status = 'published' AND shareable_until <= $1
         AND ($2::text[] IS NULL OR tenant_id = ANY($2::text[]))
       ORDER BY shareable_until LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [now, tenants ?? null, limit],
    );
  }

  /** Published, inside the window at `now`, in the language, and not shared yet by the employee. */
  async feedCandidates(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    language: string,
    now: Date,
  ): Promise<ContentRow[]> {
    return manager.query<ContentRow[]>(
      `SELECT i.* FROM content.items i
       WHERE i.tenant_id = $1 AND i.status = 'published' AND lower(i.language) = lower($3)
         AND (i.shareable_from IS NULL OR i.shareable_from <= $4)
         AND (i.shareable_until IS NULL OR i.shareable_until > $4)
         AND NOT EXISTS (
           SELECT 1 FROM content.shares s
           WHERE s.tenant_id = i.tenant_id AND s.employee_id = $2 AND s.content_id = i.content_id)`,
      [tenantId, employeeId, language, now],
    );
  }
}
