import { Injectable } from '@nestjs/common';
import { WebhookFlavor, WebhookMoment } from '@advocacy/contracts';
import { EntityManager } from 'typeorm';
import { groupBy } from '@advocacy/platform';

export interface Webhook {
  id: string;
  flavor: WebhookFlavor;
  url: string;
  secret: string | null;
  moments: WebhookMoment[];
  enabled: boolean;
}

interface WebhookRow {
  id: string;
  flavor: WebhookFlavor;
  url: string;
  secret: string | null;
  moments: WebhookMoment[];
  enabled: boolean;
}

const toWebhook = (row: WebhookRow): Webhook => ({
  id: row.id,
  flavor: row.flavor,
  url: row.url,
  secret: row.secret,
  moments: row.moments,
  enabled: row.enabled,
});

@Injectable()
export class WebhookRepository {
  async list(manager: EntityManager, tenantId: string): Promise<Webhook[]> {
    const rows = await manager.query<WebhookRow[]>(
      'SELECT id, flavor, url, secret, moments, enabled FROM notification.webhooks WHERE tenant_id = $1 ORDER BY id',
      [tenantId],
    );
    return rows.map(toWebhook);
  }

  async get(manager: EntityManager, tenantId: string, id: string): Promise<Webhook | null> {
    const [row] = await manager.query<WebhookRow[]>(
      'SELECT id, flavor, url, secret, moments, enabled FROM notification.webhooks WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    );
    return row ? toWebhook(row) : null;
  }

  async forMoments(manager: EntityManager, tenantIds: readonly string[]): Promise<Map<string, Webhook[]>> {
    if (tenantIds.length === 0) return new Map();
    const rows = await manager.query<(WebhookRow & { tenant_id: string })[]>(
      `SELECT tenant_id, id, flavor, url, secret, moments, enabled FROM notification.webhooks
       WHERE tenant_id = ANY($1) AND enabled`,
      [[...new Set(tenantIds)]],
    );
    return new Map(
      [...groupBy(rows, (row) => row.tenant_id)].map(([tenantId, group]) => [tenantId, group.map(toWebhook)]),
    );
  }

  /** The PUT: the tenant's whole list is replaced. */
  async replace(
    manager: EntityManager,
    tenantId: string,
    hooks: readonly Webhook[],
    now: Date,
  ): Promise<void> {
    await manager.query('DELETE FROM notification.webhooks WHERE tenant_id = $1', [tenantId]);
    for (const hook of hooks) {
      await manager.query(
        `INSERT INTO notification.webhooks (tenant_id, id, flavor, url, secret, moments, enabled, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [tenantId, hook.id, hook.flavor, hook.url, hook.secret, hook.moments, hook.enabled, now],
      );
    }
  }

  async lock(manager: EntityManager, tenantId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`notify-webhooks:${tenantId}`]);
  }
}
