import { randomUUID } from 'node:crypto';
import { EventType, NewEvent } from '@advocacy/contracts';
import Redis from 'ioredis';

export interface PointsOptions {
  teamId?: string | null;
  campaignId?: string | null;
  occurredAt?: string;
}

export function pointsEvent(
  tenantId: string,
  employeeId: string,
  points: number,
  options: PointsOptions = {},
): NewEvent<EventType> {
  const occurredAt = options.occurredAt ?? '2026-03-29T12:00:00.000Z';
  return {
    type: 'points.awarded',
    tenantId,
    subject: employeeId,
    occurredAt,
    payload: {
      entryId: randomUUID(),
      employeeId,
      teamId: options.teamId ?? null,
      campaignId: options.campaignId ?? null,
      points,
      reason: 'share',
      sourceEventId: randomUUID(),
      occurredAt,
    },
  };
}

/** Deletes one tenant's keys only: other test files share Redis DB 1. */
export async function deleteTenantKeys(redis: Redis, tenantId: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `lb:{${tenantId}}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

export function shareEvent(tenantId: string, employeeId: string, occurredAt = '2026-03-29T12:00:00.000Z') {
  return {
    type: 'share.recorded',
    tenantId,
    subject: employeeId,
    occurredAt,
    payload: {
      shareId: randomUUID(),
      employeeId,
      teamId: null,
      contentId: randomUUID(),
      network: 'linkedin',
      linkCode: randomUUID().slice(0, 10),
    },
  } satisfies NewEvent<'share.recorded'>;
}

export interface ServerSentEvent {
  id?: string;
  event: string;
  receivedAt: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests assert on the JSON payload's shape
  data: any;
}

/** Reads a server-sent event stream in the background (what EventSource does in a browser). */
/** The Authorization header of a user's bearer token: streams take no token in the URL. */
export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

export async function openEventStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: ServerSentEvent[] = [];
  let raw = '';
  let ended = false;
  const pump = (async () => {
    if (!response.body) return;
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        ended = true;
        return;
      }
      const text = decoder.decode(value, { stream: true });
      raw += text;
      buffer += text;
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = new Map<string, string>();
        for (const line of block.split('\n')) {
          if (line.startsWith(':') || !line.includes(':')) continue;
          const at = line.indexOf(':');
          fields.set(line.slice(0, at), line.slice(at + 1).trimStart());
        }
        if (fields.has('data')) {
          events.push({
            id: fields.get('id'),
            event: fields.get('event') ?? 'message',
            receivedAt: Date.now(),
            data: JSON.parse(fields.get('data') as string) as unknown,
          });
        }
        end = buffer.indexOf('\n\n');
      }
    }
  })().catch(() => undefined);
  return {
    status: response.status,
    headers: response.headers,
    events,
    raw: () => raw,
    /** True once the server ended the stream. */
    ended: () => ended,
    close: async () => {
      controller.abort();
      await pump;
    },
  };
}
