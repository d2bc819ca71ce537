import { Injectable } from '@nestjs/common';
import { NotificationKind, NotificationView } from '@advocacy/contracts';
import { EntityManager } from 'typeorm';
import { changed } from '../sql';

export interface NewNotification {
  id: string;
  tenantId: string;
  employeeId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  sourceEventId: string;
  createdAt: Date;
}

interface NotificationRow {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  created_at: Date;
  read_at: Date | null;
}

const toView = (row: NotificationRow): NotificationView => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  link: row.link,
  createdAt: row.created_at.toISOString(),
  readAt: row.read_at?.toISOString() ?? null,
});

@Injectable()
export class NotificationRepository {
  /** Inserts what is new; a (person, kind, source event) already in the inbox is skipped. */
  async insert(manager: EntityManager, rows: readonly NewNotification[]): Promise<NewNotification[]> {
    if (rows.length === 0) return [];
    const inserted = await manager.query<{ id: string }[]>(
      `INSERT INTO notification.notifications
         (id, tenant_id, employee_id, kind, title, body, link, source_event_id, created_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                            $7::text[], $8::uuid[], $9::timestamptz[])
       ON CONFLICT (tenant_id, employee_id, kind, source_event_id) DO NOTHING
       RETURNING id`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.tenantId),
        rows.map((r) => r.employeeId),
        rows.map((r) => r.kind),
        rows.map((r) => r.title),
        rows.map((r) => r.body),
        rows.map((r) => r.link),
        rows.map((r) => r.sourceEventId),
        rows.map((r) => r.createdAt),
      ],
    );
    const fresh = new Set(inserted.map((row) => row.id));
    return rows.filter((row) => fresh.has(row.id));
  }

  async page(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    options: { limit: number; offset: number; unreadOnly: boolean; kind: string | null },
  ): Promise<{ notifications: NotificationView[]; total: number; unread: number }> {
    const rows = await manager.query<NotificationRow[]>(
      `SELECT id, kind, title, body, link, created_at, read_at FROM notification.notifications
       WHERE tenant_id = $1 AND employee_id = $2 AND ($3::boolean IS FALSE OR read_at IS NULL)
         AND ($6::text IS NULL OR kind = $6)
       ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5`,
      [tenantId, employeeId, options.unreadOnly, options.limit, options.offset, options.kind],
    );
    const [counts] = await manager.query<{ unread: number; of_kind: number; unread_of_kind: number }[]>(
      `SELECT count(*) FILTER (WHERE read_at IS NULL)::int AS unread,
              count(*) FILTER (WHERE $3::text IS NULL OR kind = $3)::int AS of_kind,
              count(*) FILTER (WHERE read_at IS NULL AND ($3::text IS NULL OR kind = $3))::int AS unread_of_kind
       FROM notification.notifications WHERE tenant_id = $1 AND employee_id = $2`,
      [tenantId, employeeId, options.kind],
    );
    return {
      notifications: rows.map(toView),
      total: options.unreadOnly ? counts.unread_of_kind : counts.of_kind,
      unread: counts.unread,
    };
  }

  async unread(manager: EntityManager, tenantId: string, employeeId: string): Promise<number> {
    const [row] = await manager.query<{ unread: number }[]>(
      `SELECT count(*)::int AS unread FROM notification.notifications
       WHERE tenant_id = $1 AND employee_id = $2 AND read_at IS NULL`,
      [tenantId, employeeId],
    );
    return row.unread;
  }

  /** Marks the caller's own notifications read; ids of someone else's are simply not matched. */
  async markRead(
    manager: EntityManager,
    tenantId: string,
    employeeId: string,
    ids: readonly string[] | 'all',
    at: Date,
  ): Promise<number> {
    const result = await changed<unknown>(
      manager,
      `UPDATE notification.notifications SET read_at = $3
       WHERE tenant_id = $1 AND employee_id = $2 AND read_at IS NULL AND ($4::uuid[] IS NULL OR id = ANY($4))
       RETURNING 1`,
      [tenantId, employeeId, at, ids === 'all' ? null : ids],
    );
    return result.length;
  }

  async deleteOlderThan(manager: EntityManager, before: Date): Promise<number> {
    const result = await changed<unknown>(
      manager,
      'DELETE FROM notification.notifications WHERE created_at < $1 RETURNING 1',
      [before],
    );
    return result.length;
  }
}
