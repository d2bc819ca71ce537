import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@advocacy/platform';
import { EntityManager } from 'typeorm';
import type { NotificationConfig } from '../config';
import { changed } from '../sql';
import type { SendPayload } from './send.payload';

export type SendChannel = 'email' | 'webhook';

export interface NewSend {
  id: string;
  idempotencyKey: string;
  tenantId: string;
  channel: SendChannel;
  recipient: string;
  kind: string;
  sourceEventId: string | null;
  payload: SendPayload;
  notBefore: Date;
  createdAt: Date;
}

export interface ClaimedSend {
  id: string;
  idempotencyKey: string;
  tenantId: string;
  channel: SendChannel;
  recipient: string;
  kind: string;
  payload: SendPayload;
  /** This attempt's number, 1 for the first. */
  attempt: number;
  /** A previous attempt's lease ran out: that worker may have crashed after the SMTP server accepted. */
  takenOver: boolean;
  createdAt: Date;
}

interface ClaimedRow {
  id: string;
  idempotency_key: string;
  tenant_id: string;
  channel: SendChannel;
  recipient: string;
  kind: string;
  payload: SendPayload;
  attempts: number;
  taken_over: boolean;
  created_at: Date;
}

export interface DeadSend {
  id: string;
  recipient: string;
  kind: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/**
 * The send queue. A row is enqueued in the same transaction as the event that caused it (the inbox
 * claim), its idempotency key is unique, and a worker claims it with a lease (`FOR UPDATE SKIP
 * LOCKED`), so one row is worked on by one worker at a time and finished once.
 *
 * Rows carry the queue of the deployment that wrote them (its topic prefix): a worker claims only its
 * own queue, so deployments sharing a database (parallel test files) never deliver each other's mails
 * to the wrong SMTP server or refuse each other's webhooks with the wrong outbound guard.
 */
@Injectable()
export class SendRepository {
  private readonly queue: string;

  constructor(@Inject(APP_CONFIG) config: NotificationConfig) {
    this.queue = config.KAFKA_TOPIC_PREFIX;
  }

  async enqueue(manager: EntityManager, sends: readonly NewSend[]): Promise<number> {
    if (sends.length === 0) return 0;
    const inserted = await manager.query<unknown[]>(
      `INSERT INTO notification.sends
         (id, idempotency_key, tenant_id, channel, recipient, kind, source_event_id, payload, status,
          not_before, created_at, queue)
       SELECT id, key, tenant, channel, recipient, kind, source, payload, 'pending', not_before, created, $11
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::uuid[],
                   $8::jsonb[], $9::timestamptz[], $10::timestamptz[])
         AS t(id, key, tenant, channel, recipient, kind, source, payload, not_before, created)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING 1`,
      [
        sends.map((s) => s.id),
        sends.map((s) => s.idempotencyKey),
        sends.map((s) => s.tenantId),
        sends.map((s) => s.channel),
        sends.map((s) => s.recipient),
        sends.map((s) => s.kind),
        sends.map((s) => s.sourceEventId),
        sends.map((s) => JSON.stringify(s.payload)),
        sends.map((s) => s.notBefore),
        sends.map((s) => s.createdAt),
        this.queue,
      ],
    );
    return inserted.length;
  }

  /** Takes up to `limit` due rows (pending, or sending with an expired lease) for this worker. */
  async claim(
    manager: EntityManager,
    workerId: string,
    now: Date,
    leaseMs: number,
    limit: number,
  ): Promise<ClaimedSend[]> {
    const rows = await changed<ClaimedRow>(
      manager,
      `WITH due AS (
         SELECT id, status = 'sending' AS taken_over FROM notification.sends
         WHERE queue = $5
           AND ((status = 'pending' AND not_before <= $2) OR (status = 'sending' AND lease_until <= $2))
         ORDER BY not_before LIMIT $4
         FOR UPDATE SKIP LOCKED)
       UPDATE notification.sends s SET status = 'sending', claimed_by = $1, attempts = s.attempts + 1,
         lease_until = $2::timestamptz + ($3::int * interval '1 millisecond')
       FROM due WHERE s.id = due.id
       RETURNING s.id, s.idempotency_key, s.tenant_id, s.channel, s.recipient, s.kind, s.payload,
         s.attempts, due.taken_over, s.created_at`,
      [workerId, now, leaseMs, limit, this.queue],
    );
    return rows.map((row) => ({
      id: row.id,
      idempotencyKey: row.idempotency_key,
      tenantId: row.tenant_id,
      channel: row.channel,
      recipient: row.recipient,
      kind: row.kind,
      payload: row.payload,
      attempt: row.attempts,
      takenOver: row.taken_over,
      createdAt: row.created_at,
    }));
  }

  /**
   * Renews the lease of one claimed row just before it is sent: rows of a batch wait their turn, and
   * one whose lease ran out meanwhile may already be another worker's. False: do not send it.
   */
  async renew(
    manager: EntityManager,
    send: { id: string; attempt: number },
    workerId: string,
    now: Date,
    leaseMs: number,
  ): Promise<boolean> {
    const rows = await changed<unknown>(
      manager,
      `UPDATE notification.sends SET lease_until = $4::timestamptz + ($5::int * interval '1 millisecond')
       WHERE id = $1 AND claimed_by = $2 AND attempts = $3 AND status = 'sending' AND lease_until > $4
       RETURNING 1`,
      [send.id, workerId, send.attempt, now, leaseMs],
    );
    return rows.length === 1;
  }

  /** Finishes a claimed row; false when another worker took it over meanwhile (our lease ran out). */
  async finish(
    manager: EntityManager,
    send: { id: string; attempt: number },
    workerId: string,
    outcome:
      | { status: 'sent'; messageId: string | null; at: Date }
      | { status: 'skipped'; reason: string; at: Date }
      | { status: 'dead'; error: string; at: Date }
      | { status: 'pending'; error: string; notBefore: Date },
  ): Promise<boolean> {
    const base = [send.id, workerId, send.attempt];
    let result: unknown[];
    switch (outcome.status) {
      case 'sent':
        result = await changed<unknown>(
          manager,
          `UPDATE notification.sends SET status = 'sent', message_id = $4, finished_at = $5, lease_until = NULL
           WHERE id = $1 AND claimed_by = $2 AND attempts = $3 AND status = 'sending' RETURNING 1`,
          [...base, outcome.messageId, outcome.at],
        );
        break;
      case 'skipped':
      case 'dead':
        result = await changed<unknown>(
          manager,
          `UPDATE notification.sends SET status = $4, last_error = $5, finished_at = $6, lease_until = NULL
           WHERE id = $1 AND claimed_by = $2 AND attempts = $3 AND status = 'sending' RETURNING 1`,
          [...base, outcome.status, outcome.status === 'dead' ? outcome.error : outcome.reason, outcome.at],
        );
        break;
      case 'pending':
        result = await changed<unknown>(
          manager,
          `UPDATE notification.sends SET status = 'pending', last_error = $4, not_before = $5, lease_until = NULL
           WHERE id = $1 AND claimed_by = $2 AND attempts = $3 AND status = 'sending' RETURNING 1`,
          [...base, outcome.error, outcome.notBefore],
        );
        break;
    }
    return result.length === 1;
  }

  async dead(
    manager: EntityManager,
    tenantId: string,
    channel: SendChannel,
    limit: number,
  ): Promise<DeadSend[]> {
    const rows = await manager.query<
      {
        id: string;
        recipient: string;
        kind: string;
        attempts: number;
        last_error: string | null;
        created_at: Date;
        finished_at: Date | null;
      }[]
    >(
      `SELECT id, recipient, kind, attempts, last_error, created_at, finished_at FROM notification.sends
       WHERE tenant_id = $1 AND channel = $2 AND status = 'dead' ORDER BY finished_at DESC LIMIT $3`,
      [tenantId, channel, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      recipient: row.recipient,
      kind: row.kind,
      attempts: row.attempts,
      lastError: row.last_error,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
    }));
  }

  /** Puts a dead row back in the queue with fresh attempts; its idempotency key stays the same. */
  async replay(manager: EntityManager, tenantId: string, channel: SendChannel, id: string, now: Date) {
    const rows = await changed<unknown>(
      manager,
      `UPDATE notification.sends SET status = 'pending', attempts = 0, not_before = $4, finished_at = NULL
       WHERE tenant_id = $1 AND channel = $2 AND id = $3 AND status = 'dead' RETURNING 1`,
      [tenantId, channel, id, now],
    );
    return rows.length === 1;
  }

  /**
   * Retention: what a finished send said (its payload) is dropped after the retention; the row with
   * its idempotency key stays, so a very late redelivery still finds the key and sends nothing.
   */
  async scrub(manager: EntityManager, before: Date): Promise<number> {
    const rows = await changed<unknown>(
      manager,
      `UPDATE notification.sends SET payload = NULL, last_error = NULL
       WHERE created_at < $1 AND payload IS NOT NULL AND status IN ('sent', 'skipped', 'dead') RETURNING 1`,
      [before],
    );
    return rows.length;
  }
}
