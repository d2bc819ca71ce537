import { randomUUID } from 'node:crypto';
import { EventType, NewEvent } from '@advocacy/contracts';
import { publishEvents, TestInfra, waitFor } from '@advocacy/testing';
import { Client } from 'pg';

/** Read-only look into the service's own tables, to wait for projections and to prove what was stored. */
export async function connectTestDb(infra: TestInfra): Promise<Client> {
  const client = new Client({ connectionString: infra.env.DATABASE_URL });
  await client.connect();
  return client;
}

export async function rowsOf<T = Record<string, unknown>>(db: Client, sql: string, params: unknown[] = []) {
  return (await db.query(sql, params)).rows as T[];
}

export interface ContentOptions {
  contentId?: string;
  url?: string;
  title?: string;
  campaignId?: string | null;
  shareableFrom?: string | null;
  shareableUntil?: string | null;
  publishedAt?: string;
}

export function contentPublished(
  tenant: string,
  options: ContentOptions = {},
): NewEvent<'content.published'> {
  const contentId = options.contentId ?? randomUUID();
  return {
    type: 'content.published',
    tenantId: tenant,
    subject: contentId,
    payload: {
      contentId,
      url: options.url ?? `https://example.com/posts/${contentId}?ref=newsletter`,
      title: options.title ?? 'Our new product',
      language: 'en',
      topics: ['product'],
      campaignId: options.campaignId ?? null,
      shareableFrom: options.shareableFrom ?? null,
      shareableUntil: options.shareableUntil ?? null,
      publishedAt: options.publishedAt ?? '2026-01-01T00:00:00.000Z',
    },
  };
}

/** Publishes as another service would (the harness retries transient broker answers). */
export async function publish(infra: TestInfra, events: NewEvent<EventType>[]): Promise<void> {
  await publishEvents(infra.kafka, infra.prefix, events);
}

/** Publishes content items and waits until the service's projection holds them. */
export async function publishContent(
  infra: TestInfra,
  db: Client,
  tenant: string,
  items: ContentOptions[] = [{}],
): Promise<string[]> {
  const events = items.map((item) => contentPublished(tenant, item));
  await publish(infra, events);
  const ids = events.map((event) => event.payload.contentId);
  await waitForRows(
    db,
    'SELECT 1 FROM tracking.contents WHERE tenant_id = $1 AND content_id = ANY($2::uuid[])',
    [tenant, ids],
    ids.length,
  );
  return ids;
}

export async function waitForRows(db: Client, sql: string, params: unknown[], count = 1): Promise<void> {
  await waitFor(async () => (await db.query(sql, params)).rowCount! >= count, { message: sql });
}
