import { Injectable } from '@nestjs/common';
import { ContentItem, ContentListQuery, CreateContentBody, UpdateContentBody } from '@advocacy/contracts';
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
import { Content, ContentPatch, ContentRepository } from './content.repository';
import { contentSnapshot, toContentItem } from './content.views';
import { isEditable, transition, WorkflowAction } from './workflow.rules';

const SYSTEM_ACTOR = 'system';

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
        contentId: this.ids.next(),
        tenantId: auth.tenantId,
        status: proposal ? 'in_review' : 'draft',
        title: body.title,
        url: body.url,
        summary: body.summary ?? null,
        imageUrl: body.imageUrl ?? null,
        language: body.language,
        topics: body.topics,
        campaignId: body.campaignId ?? null,
        campaignPriority: body.campaignPriority,
        shareableFrom: body.shareableFrom ? new Date(body.shareableFrom) : null,
        shareableUntil: body.shareableUntil ? new Date(body.shareableUntil) : null,
        captions: body.captions,
        submittedBy: proposal ? auth.employeeId : null,
        createdBy: auth.employeeId,
        sourceId: null,
        createdAt: now,
        updatedAt: now,
      });
      if (!row) throw conflict('duplicate_url', 'the library already holds an item with this url');
      await this.items.addTransition(manager, {
        tenantId: auth.tenantId,
        contentId: row.contentId,
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
    return {
      ...toContentItem(row),
      ...(transitions
        ? { transitions: transitions.map((item) => ({ ...item, at: item.at.toISOString() })) }
        : {}),
    };
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
        body.shareableFrom !== undefined ? body.shareableFrom : current.shareableFrom?.toISOString();
      const until =
        body.shareableUntil !== undefined ? body.shareableUntil : current.shareableUntil?.toISOString();
      if (from && until && new Date(from) >= new Date(until))
        throw unprocessable('invalid_window', 'shareableUntil must be after shareableFrom');
      if (body.url && (await this.items.urlTaken(manager, auth.tenantId, body.url, contentId)))
        throw conflict('duplicate_url', 'the library already holds an item with this url');
      const { shareableFrom, shareableUntil, ...rest } = body;
      const patch: ContentPatch = {
        ...rest,
        ...(shareableFrom !== undefined
          ? { shareableFrom: shareableFrom ? new Date(shareableFrom) : null }
          : {}),
        ...(shareableUntil !== undefined
          ? { shareableUntil: shareableUntil ? new Date(shareableUntil) : null }
          : {}),
      };
      const row = await this.items.update(manager, contentId, patch, now);
      if (row.status === 'published') {
        await this.outbox.add(manager, {
          type: 'content.updated',
          tenantId: auth.tenantId,
          subject: row.contentId,
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
    current: Content,
    action: WorkflowAction,
    actor: string,
    comment: string | null,
  ): Promise<Content> {
    const result = transition(current.status, action);
    if (!result.ok)
      throw conflict('illegal_transition', `cannot ${action} content that is ${current.status}`, {
        status: current.status,
        action,
      });
    const now = this.clock.now();
    const reviewComment =
      action === 'reject' ? comment : action === 'approve' || action === 'submit' ? null : undefined;
    const row = await this.items.setStatus(manager, current.contentId, result.to, now, reviewComment);
    await this.items.addTransition(manager, {
      tenantId: row.tenantId,
      contentId: row.contentId,
      from: result.from,
      to: result.to,
      actor,
      comment,
      at: now,
    });
    if (result.to === 'published') {
      await this.outbox.add(manager, {
        type: 'content.published',
        tenantId: row.tenantId,
        subject: row.contentId,
        occurredAt: now,
        payload: contentSnapshot(row),
      });
    } else if (result.to === 'archived' && result.from === 'published') {
      await this.outbox.add(manager, {
        type: 'content.archived',
        tenantId: row.tenantId,
        subject: row.contentId,
        occurredAt: now,
        payload: {
          contentId: row.contentId,
          reason: action === 'expire' ? 'expired' : 'manual',
          archivedAt: now.toISOString(),
        },
      });
    }
    return row;
  }

  private async visible(manager: EntityManager, auth: AuthContext, contentId: string): Promise<Content> {
    const row = await this.items.find(manager, auth.tenantId, contentId);
    if (!row) throw notFound('content');
    if (!isStaff(auth) && row.status !== 'published' && row.submittedBy !== auth.employeeId)
      throw notFound('content');
    return row;
  }
}
