import { Injectable } from '@nestjs/common';
import {
  ContentItem,
  ContentListQuery,
  ContentSnapshot,
  CreateContentBody,
  UpdateContentBody,
} from '@advocacy/contracts';
import { OutboxWriter } from '@advocacy/messaging';
import {
  AuthContext,
  Clock,
  conflict,
  hasRole,
  IdGenerator,
  notFound,
  unprocessable,
} from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import {
  ContentPatch,
  ContentRepository,
  ContentRow,
  EDITABLE_COLUMNS,
  toContentItem,
} from './content.repository';
import { isEditable, transition, WorkflowAction } from './workflow.rules';

const SYSTEM_ACTOR = 'system';

export function contentSnapshot(row: ContentRow): ContentSnapshot {
  return {
    contentId: row.content_id,
    url: row.url,
    title: row.title,
    ...(row.summary ? { summary: row.summary } : {}),
    language: row.language,
    topics: row.topics,
    campaignId: row.campaign_id,
    campaignPriority: row.campaign_priority,
    shareableFrom: row.shareable_from?.toISOString() ?? null,
    shareableUntil: row.shareable_until?.toISOString() ?? null,
    submittedBy: row.submitted_by,
    publishedAt: (row.published_at ?? row.updated_at).toISOString(),
  };
}

const isStaff = (auth: AuthContext) => hasRole(auth, 'admin', 'editor', 'reviewer');

/** The content library and its review workflow; every state change and its event commit together. */
@Injectable()
export class ContentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly items: ContentRepository,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  /** Editors create drafts; an employee's proposal enters review at once, carrying submittedBy. */
  async create(auth: AuthContext, body: CreateContentBody, proposal: boolean): Promise<ContentItem> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const row = await this.items.insert(manager, {
        content_id: this.ids.next(),
        tenant_id: auth.tenantId,
        status: proposal ? 'in_review' : 'draft',
        title: body.title,
        url: body.url,
        summary: body.summary ?? null,
        image_url: body.imageUrl ?? null,
        language: body.language,
        topics: body.topics,
        campaign_id: body.campaignId ?? null,
        campaign_priority: body.campaignPriority,
        shareable_from: body.shareableFrom ? new Date(body.shareableFrom) : null,
        shareable_until: body.shareableUntil ? new Date(body.shareableUntil) : null,
        captions: body.captions,
        submitted_by: proposal ? auth.employeeId : null,
        created_by: auth.employeeId,
        source_id: null,
        created_at: now,
        updated_at: now,
      });
      if (!row) throw conflict('duplicate_url', 'the library already holds an item with this url');
      await this.items.addTransition(manager, {
        tenantId: auth.tenantId,
        contentId: row.content_id,
        from: null,
        to: row.status,
        actor: auth.employeeId,
        comment: null,
        at: now,
      });
      return toContentItem(row);
    });
  }

  async get(auth: AuthContext, contentId: string): Promise<ContentItem> {
    const manager = this.dataSource.manager;
    const row = await this.visible(manager, auth, contentId);
    const transitions = isStaff(auth)
      ? await this.items.transitions(manager, auth.tenantId, contentId)
      : undefined;
    return { ...toContentItem(row), ...(transitions ? { transitions } : {}) };
  }

  async list(auth: AuthContext, query: ContentListQuery) {
    const rows = await this.items.list(this.dataSource.manager, auth.tenantId, {
      status: query.status,
      visibleTo: isStaff(auth) ? undefined : auth.employeeId,
      limit: query.limit,
      offset: query.offset,
    });
    return { items: rows.map(toContentItem), limit: query.limit, offset: query.offset };
  }

  /** Edits any item not archived; an edit of a published item is announced as `content.updated`. */
  async update(auth: AuthContext, contentId: string, body: UpdateContentBody): Promise<ContentItem> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const current = await this.items.find(manager, auth.tenantId, contentId, true);
      if (!current) throw notFound('content');
      if (!isEditable(current.status)) throw conflict('illegal_transition', `content is ${current.status}`);
      // Reviewers approved this URL; a new one would reach every tracked link unreviewed.
      if (current.status === 'published' && body.url !== undefined && body.url !== current.url) {
        throw conflict(
          'published_url_locked',
          'url: the link of published content cannot change; archive it and submit the new link for review',
        );
      }
      const from =
        body.shareableFrom !== undefined ? body.shareableFrom : current.shareable_from?.toISOString();
      const until =
        body.shareableUntil !== undefined ? body.shareableUntil : current.shareable_until?.toISOString();
      if (from && until && new Date(from) >= new Date(until))
        throw unprocessable('invalid_window', 'shareableUntil must be after shareableFrom');
      if (body.url && (await this.items.urlTaken(manager, auth.tenantId, body.url, contentId)))
        throw conflict('duplicate_url', 'the library already holds an item with this url');
      const patch: ContentPatch = {};
      for (const [field, column] of Object.entries(EDITABLE_COLUMNS) as [
        keyof typeof EDITABLE_COLUMNS,
        string,
      ][]) {
        if (body[field] !== undefined) patch[column as keyof ContentPatch] = body[field];
      }
      const row = await this.items.update(manager, contentId, patch, now);
      if (row.status === 'published') {
        await this.outbox.add(manager, {
          type: 'content.updated',
          tenantId: auth.tenantId,
          subject: row.content_id,
          occurredAt: now,
          payload: contentSnapshot(row),
        });
      }
      return toContentItem(row);
    });
  }

  async act(
    auth: AuthContext,
    contentId: string,
    action: Exclude<WorkflowAction, 'expire'>,
    comment?: string,
  ): Promise<ContentItem> {
    return this.dataSource.transaction(async (manager) => {
      const current = await this.items.find(manager, auth.tenantId, contentId, true);
      if (!current) throw notFound('content');
      const row = await this.apply(manager, current, action, auth.employeeId, comment ?? null);
      return toContentItem(row);
    });
  }

  /** Archives what passed its `shareableUntil`; returns how many items were archived. */
  async runAutoArchive(options: { tenants?: readonly string[] } = {}): Promise<number> {
    let archived = 0;
    for (;;) {
      const count = await this.dataSource.transaction(async (manager) => {
        const rows = await this.items.expired(manager, this.clock.now(), options.tenants, 100);
        for (const row of rows) await this.apply(manager, row, 'expire', SYSTEM_ACTOR, null);
        return rows.length;
      });
      archived += count;
      if (count < 100) return archived;
    }
  }

  private async apply(
    manager: EntityManager,
    current: ContentRow,
    action: WorkflowAction,
    actor: string,
    comment: string | null,
  ): Promise<ContentRow> {
    const result = transition(current.status, action);
    if (!result.ok)
      throw conflict('illegal_transition', `cannot ${action} content that is ${current.status}`, {
        status: current.status,
        action,
      });
    const now = this.clock.now();
    const reviewComment =
      action === 'reject' ? comment : action === 'approve' || action === 'submit' ? null : undefined;
    const row = await this.items.setStatus(manager, current.content_id, result.to, now, reviewComment);
    await this.items.addTransition(manager, {
      tenantId: row.tenant_id,
      contentId: row.content_id,
      from: result.from,
      to: result.to,
      actor,
      comment,
      at: now,
    });
    if (result.to === 'published') {
      await this.outbox.add(manager, {
        type: 'content.published',
        tenantId: row.tenant_id,
        subject: row.content_id,
        occurredAt: now,
        payload: contentSnapshot(row),
      });
    } else if (result.to === 'archived' && result.from === 'published') {
      await this.outbox.add(manager, {
        type: 'content.archived',
        tenantId: row.tenant_id,
        subject: row.content_id,
        occurredAt: now,
        payload: {
          contentId: row.content_id,
          reason: action === 'expire' ? 'expired' : 'manual',
          archivedAt: now.toISOString(),
        },
      });
    }
    return row;
  }

  private async visible(manager: EntityManager, auth: AuthContext, contentId: string): Promise<ContentRow> {
    const row = await this.items.find(manager, auth.tenantId, contentId);
    if (!row) throw notFound('content');
    if (!isStaff(auth) && row.status !== 'published' && row.submitted_by !== auth.employeeId)
      throw notFound('content');
    return row;
  }
}
