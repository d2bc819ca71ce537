import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { TenantId } from './common';
import { EVENT_SCHEMAS, EventPayload, EventPayloadInput, EventType, isEventType } from './event-map';

export const ENVELOPE_VERSION = 1;

export const EnvelopeHeader = z.object({
  id: z.uuid(),
  type: z.string().min(1),
  version: z.literal(ENVELOPE_VERSION),
  tenantId: TenantId,
  occurredAt: z.iso.datetime({ offset: true }),
  key: z.string().min(3).max(300),
  traceId: z.string().max(128).optional(),
  payload: z.unknown(),
});

export interface Envelope<T extends EventType = EventType> {
  id: string;
  type: T;
  version: typeof ENVELOPE_VERSION;
  tenantId: string;
  occurredAt: string;
  key: string;
  traceId?: string;
  payload: EventPayload<T>;
}

/** Any envelope, narrowed by `switch (envelope.type)`. */
export type AnyEnvelope = { [T in EventType]: Envelope<T> }[EventType];

export interface NewEvent<T extends EventType> {
  type: T;
  tenantId: string;
  /** The subject of the partition key: the employee, or the entity for events without one. */
  subject: string;
  payload: EventPayloadInput<T>;
  occurredAt?: Date | string;
  id?: string;
  traceId?: string;
}

/** Builds and validates an envelope; throws a ZodError when the payload breaks its schema. */
export function createEnvelope<T extends EventType>(event: NewEvent<T>): Envelope<T> {
  const payload = EVENT_SCHEMAS[event.type].parse(event.payload) as EventPayload<T>;
  const occurredAt =
    event.occurredAt instanceof Date
      ? event.occurredAt.toISOString()
      : (event.occurredAt ?? new Date().toISOString());
  return {
    id: event.id ?? randomUUID(),
    type: event.type,
    version: ENVELOPE_VERSION,
    tenantId: event.tenantId,
    occurredAt,
    key: `${event.tenantId}:${event.subject}`,
    ...(event.traceId ? { traceId: event.traceId } : {}),
    payload,
  };
}

export type ParseResult = { ok: true; envelope: AnyEnvelope } | { ok: false; reason: string };

/** Validates an incoming message: the envelope first, then the payload against its type's schema. */
export function parseEnvelope(raw: unknown): ParseResult {
  const header = EnvelopeHeader.safeParse(raw);
  if (!header.success) return { ok: false, reason: `invalid envelope: ${formatIssues(header.error)}` };
  const { type } = header.data;
  if (!isEventType(type)) return { ok: false, reason: `unknown event type "${type}"` };
  const payload = EVENT_SCHEMAS[type].safeParse(header.data.payload);
  if (!payload.success)
    return { ok: false, reason: `invalid ${type} payload: ${formatIssues(payload.error)}` };
  return { ok: true, envelope: { ...header.data, type, payload: payload.data } as AnyEnvelope };
}

export function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}
