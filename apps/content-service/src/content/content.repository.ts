import { Injectable } from '@nestjs/common';
import { Captions, ContentStatus } from '@advocacy/contracts';
import { rowMapper } from '@advocacy/platform';
import { EntityManager } from 'typeorm';
import { z } from 'zod';

export interface Content {
  contentId: string;
  tenantId: string;
  status: ContentStatus;
  title: string;
  url: string;
  summary: string | null;
  imageUrl: string | null;
  language: string;
  topics: string[];
  campaignId: string | null;
  campaignPriority: number;
  shareableFrom: Date | null;
  shareableUntil: Date | null;
  captions: Captions;
  submittedBy: string | null;
  createdBy: string;
  reviewComment: string | null;
  sourceId: string | null;
  publishedAt: Date | null;
  archivedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export type NewContent = Omit<Content, 'reviewComment' | 'publishedAt' | 'archivedAt'>;

/** What a PATCH may change. */
export type ContentPatch = Partial<
  Pick<
    Content,
    | 'title'
    | 'url'
    | 'summary'
    | 'imageUrl'
    | 'language'
    | 'topics'
    | 'campaignId'
    | 'campaignPriority'
    | 'shareableFrom'
    | 'shareableUntil'
    | 'captions'
  >
>;

/** The one mapper of content.items. */
export const toContent = rowMapper(
  'content.items',
  z.object({
    content_id: z.string(),
    tenant_id: z.string(),
    status: ContentStatus,
    title: z.string(),
    url: z.string(),
    summary: z.string().nullable(),
    image_url: z.string().nullable(),
    language: z.string(),
    topics: z.array(z.string()),
    campaign_id: z.string().nullable(),
    campaign_priority: z.number(),
    shareable_from: z.date().nullable(),
    shareable_until: z.date().nullable(),
    captions: Captions,
    submitted_by: z.string().nullable(),
    created_by: z.string(),
    review_comment: z.string().nullable(),
    source_id: z.string().nullable(),
    published_at: z.date().nullable(),
    archived_at: z.date().nullable(),
    created_at: z.date(),
    updated_at: z.date(),
  }),
  (row): Content => ({
    contentId: row.content_id,
    tenantId: row.tenant_id,
    status: row.status,
    title: row.title,
    url: row.url,
    summary: row.summary,
    imageUrl: row.image_url,
    language: row.language,
    topics: row.topics,
    campaignId: row.campaign_id,
    campaignPriority: row.campaign_priority,
    shareableFrom: row.shareable_from,
    shareableUntil: row.shareable_until,
    captions: row.captions,
    submittedBy: row.submitted_by,
    createdBy: row.created_by,
    reviewComment: row.review_comment,
    sourceId: row.source_id,
    publishedAt: row.published_at,
    archivedAt: row.archived_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }),
);

/** Column of each field the repository writes. */
const COLUMN_OF = {
  contentId: 'content_id',
  tenantId: 'tenant_id',
  status: 'status',
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
  submittedBy: 'submitted_by',
  createdBy: 'created_by',
  sourceId: 'source_id',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const satisfies Record<keyof NewContent, string>;

const INSERTED = Object.keys(COLUMN_OF) as (keyof NewContent)[];

export const toContentTransition = rowMapper(
  'content.transitions',
  z.object({
    from_status: ContentStatus.nullable(),
    to_status: ContentStatus,
    actor: z.string(),
    comment: z.string().nullable(),
    at: z.date(),
  }),
  (row) => ({ from: row.from_status, to: row.to_status, actor: row.actor, comment: row.comment, at: row.at }),
);

@Injectable()
export class ContentRepository {
  /** Inserts unless the tenant already has an item with this URL; returns null then. */
  async insert(manager: EntityManager, content: NewContent): Promise<Content | null> {
    const values = INSERTED.map((field) =>
      field === 'captions' ? JSON.stringify(content.captions) : content[field],
    );
    const rows = await manager.query<unknown[]>(
      `INSERT INTO content.items (${INSERTED.map((field) => COLUMN_OF[field]).join(', ')})
       VALUES (${INSERTED.map((_, index) => `$${index + 1}`).join(', ')})
       ON CONFLICT (tenant_id, url) DO NOTHING
       RETURNING *`,
      values,
    );
    return rows.length > 0 ? toContent(rows[0]) : null;
  }

  async find(
    manager: EntityManager,
    tenantId: string,
    contentId: string,
    lock = false,
  ): Promise<Content | null> {
    const rows = await manager.query<unknown[]>(
      `SELECT * FROM content.items WHERE tenant_id = $1 AND content_id = $2${lock ? ' FOR UPDATE' : ''}`,
      [tenantId, contentId],
    );
    return rows.length > 0 ? toContent(rows[0]) : null;
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
  ): Promise<Content[]> {
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
    const rows = await manager.query<unknown[]>(
      `SELECT * FROM content.items WHERE ${where.join(' AND ')}
       ORDER BY created_at DESC, content_id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return rows.map(toContent);
  }

  async update(manager: EntityManager, contentId: string, patch: ContentPatch, at: Date): Promise<Content> {
    const fields = (Object.keys(patch) as (keyof ContentPatch)[]).filter(
      (field) => patch[field] !== undefined,
    );
    const params: unknown[] = [contentId, at];
    const sets = fields.map((field) => {
      params.push(field === 'captions' ? JSON.stringify(patch.captions) : patch[field]);
      return `${COLUMN_OF[field]} = $${params.length}`;
    });
    // TypeORM answers an UPDATE with [rows, affected].
    const [[row]] = await manager.query<[unknown[], number]>(
      `UPDATE content.items SET ${[...sets, 'updated_at = $2'].join(', ')} WHERE content_id = $1 RETURNING *`,
      params,
    );
    return toContent(row);
  }

  async setStatus(
    manager: EntityManager,
    contentId: string,
    status: ContentStatus,
    at: Date,
    reviewComment: string | null | undefined,
  ): Promise<Content> {
    const [[row]] = await manager.query<[unknown[], number]>(
      `UPDATE content.items SET status = $2, updated_at = $3,
         published_at = CASE WHEN $2 = 'published' THEN $3 ELSE published_at END,
         archived_at = CASE WHEN $2 = 'archived' THEN $3 ELSE archived_at END,
         review_comment = CASE WHEN $4::boolean THEN $5 ELSE review_comment END
       WHERE content_id = $1 RETURNING *`,
      [contentId, status, at, reviewComment !== undefined, reviewComment ?? null],
    );
    return toContent(row);
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
    const rows = await manager.query<unknown[]>(
      `SELECT from_status, to_status, actor, comment, at FROM content.transitions
       WHERE tenant_id = $1 AND content_id = $2 ORDER BY seq`,
      [tenantId, contentId],
    );
    return rows.map(toContentTransition);
  }

  /** Published items whose window has closed, locked so two replicas never archive the same one. */
  async expired(
    manager: EntityManager,
    now: Date,
    tenants: readonly string[] | undefined,
    limit: number,
  ): Promise<Content[]> {
    const rows = await manager.query<unknown[]>(
      `SELECT * FROM content.items
       WHERE status = 'published' AND shareable_until <= $1
         AND ($2::text[] IS NULL OR tenant_id = ANY($2::text[]))
       ORDER BY shareable_until LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [now, tenants ?? null, limit],
    );
    return rows.map(toContent);
  }

  /** Published, inside the window at `now`, in the language, and not shared yet by the employee. */
  async feedCandidates(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    /** null: every language */
    language: string | null,
    now: Date,
  ): Promise<Content[]> {
    const rows = await manager.query<unknown[]>(
      `SELECT i.* FROM content.items i
       WHERE i.tenant_id = $1 AND i.status = 'published'
         AND ($3::text IS NULL OR lower(i.language) = lower($3))
         AND (i.shareable_from IS NULL OR i.shareable_from <= $4)
         AND (i.shareable_until IS NULL OR i.shareable_until > $4)
         AND NOT EXISTS (
           SELECT 1 FROM content.shares s
           WHERE s.tenant_id = i.tenant_id AND s.employee_id = $2 AND s.content_id = i.content_id)`,
      [tenantId, employeeId, language, now],
    );
    return rows.map(toContent);
  }
}
