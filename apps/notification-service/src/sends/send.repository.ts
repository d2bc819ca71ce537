import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@advocacy/platform';
import { EntityManager } from 'typeorm';
import type { NotificationConfig } from '../config';
import { changed } from '../sql';
import type { SendPayload } from './send.payload';
import { claimAction } from './send.rules';

const LEASE_RAN_OUT_AFTER_DATA =
  'the lease ran out after the message data was handed to the server: it may have been delivered';

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

/** A row found with an expired lease after its message data was handed over: now `in-doubt`. */
export interface DoubtedSend {
  id: string;
  channel: SendChannel;
}

interface DueRow {
  id: string;
  status: 'pending' | 'sending';
  channel: SendChannel;
  data_committed: boolean;
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
  created_at: Date;
}

export type UnfinishedStatus = 'dead' | 'in-doubt';

export interface UnfinishedSend {
  id: string;
  channel: SendChannel;
  recipient: string;
  kind: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** When the message data was handed to the SMTP server (in-doubt rows). */
  dataCommittedAt: Date | null;
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

  /**
   * Takes up to `limit` due rows (pending, or sending with an expired lease) for this worker. A row
   * whose lease ran out after its message data was handed to the SMTP server is not taken: it becomes
   * `in-doubt` (see send.rules.ts) and is returned apart, for the log and the metric.
   */
  async claim(
    manager: EntityManager,
    workerId: string,
    now: Date,
    leaseMs: number,
    limit: number,
  ): Promise<{ claimed: ClaimedSend[]; inDoubt: DoubtedSend[] }> {
    return manager.transaction(async (tx) => {
      const due = await tx.query<DueRow[]>(
        `SELECT id, status, channel, data_committed_at IS NOT NULL AS data_committed FROM notification.sends
         WHERE queue = $3
           AND ((status = 'pending' AND not_before <= $1) OR (status = 'sending' AND lease_until <= $1))
         ORDER BY not_before LIMIT $2
         FOR UPDATE SKIP LOCKED`,
        [now, limit, this.queue],
      );
      const doubted = due.filter(
        (row) => claimAction({ status: row.status, dataCommitted: row.data_committed }) === 'in-doubt',
      );
      const toSend = due.filter((row) => !doubted.includes(row));
      if (doubted.length > 0)
        await tx.query(
          `UPDATE notification.sends SET status = 'in-doubt', finished_at = $2, lease_until = NULL, last_error = $3
           WHERE id = ANY($1::uuid[])`,
          [doubted.map((row) => row.id), now, LEASE_RAN_OUT_AFTER_DATA],
        );
      const rows =
        toSend.length === 0
          ? []
          : await changed<ClaimedRow>(
              tx,
              `UPDATE notification.sends s SET status = 'sending', claimed_by = $1, attempts = s.attempts + 1,
                 lease_until = $2::timestamptz + ($3::int * interval '1 millisecond'), data_committed_at = NULL
               WHERE s.id = ANY($4::uuid[])
               RETURNING s.id, s.idempotency_key, s.tenant_id, s.channel, s.recipient, s.kind, s.payload,
                 s.attempts, s.created_at`,
              [workerId, now, leaseMs, toSend.map((row) => row.id)],
            );
      const takenOver = new Set(toSend.filter((row) => row.status === 'sending').map((row) => row.id));
      return {
        claimed: rows.map((row) => ({
          id: row.id,
          idempotencyKey: row.idempotency_key,
          tenantId: row.tenant_id,
          channel: row.channel,
          recipient: row.recipient,
          kind: row.kind,
          payload: row.payload,
          attempt: row.attempts,
          takenOver: takenOver.has(row.id),
          createdAt: row.created_at,
        })),
        inDoubt: doubted.map((row) => ({ id: row.id, channel: row.channel })),
      };
    });
  }

  /**
   * The marker, committed just before the final "." of a mail is written: from here on a crash
   * leaves the row in doubt instead of resending it. Only while this worker still holds the lease —
   * false: do not finish the message (the connection is dropped without the ".", nothing delivered).
   */
  async commitData(
    manager: EntityManager,
    send: { id: string; attempt: number },
    workerId: string,
    now: Date,
  ): Promise<boolean> {
    const rows = await changed<unknown>(
      manager,
      `UPDATE notification.sends SET data_committed_at = $4
       WHERE id = $1 AND claimed_by = $2 AND attempts = $3 AND status = 'sending' AND lease_until > $4
       RETURNING 1`,
      [send.id, workerId, send.attempt, now],
    );
    return rows.length === 1;
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
      | { status: 'in-doubt'; error: string; at: Date }
      | { status: 'pending'; error: string; notBefore: Date },
  ): Promise<boolean> {
    const base = [send.id, workerId, send.attempt];
    let result: unknown[];
    switch (outcome.status) {
      case 'sent':
        result = await changed<unknown>(
          manager,
          // A 250 that came after the lease ran out and another claim made the row in doubt settles it.
          `UPDATE notification.sends SET status = 'sent', message_id = $4, finished_at = $5, lease_until = NULL
           WHERE id = $1 AND claimed_by = $2 AND attempts = $3 AND status IN ('sending', 'in-doubt') RETURNING 1`,
          [...base, outcome.messageId, outcome.at],
        );
        break;
      case 'skipped':
      case 'dead':
      case 'in-doubt':
        result = await changed<unknown>(
          manager,
          `UPDATE notification.sends SET status = $4, last_error = $5, finished_at = $6, lease_until = NULL
           WHERE id = $1 AND claimed_by = $2 AND attempts = $3 AND status = 'sending' RETURNING 1`,
          [
            ...base,
            outcome.status,
            outcome.status === 'skipped' ? outcome.reason : outcome.error,
            outcome.at,
          ],
        );
        break;
      case 'pending':
        result = await changed<unknown>(
          manager,
          `UPDATE notification.sends SET status = 'pending', last_error = $4, not_before = $5, lease_until = NULL,
             data_committed_at = NULL
           WHERE id = $1 AND claimed_by = $2 AND attempts = $3 AND status = 'sending' RETURNING 1`,
          [...base, outcome.error, outcome.notBefore],
        );
        break;
    }
    return result.length === 1;
  }

  /** Finished rows an admin looks at: `dead` (every attempt failed) or `in-doubt`, newest first. */
  async unfinished(
    manager: EntityManager,
    tenantId: string,
    status: UnfinishedStatus,
    channel: SendChannel | null,
    limit: number,
  ): Promise<UnfinishedSend[]> {
    const rows = await manager.query<
      {
        id: string;
        channel: SendChannel;
        recipient: string;
        kind: string;
        attempts: number;
        last_error: string | null;
        created_at: Date;
        finished_at: Date | null;
        data_committed_at: Date | null;
      }[]
    >(
      `SELECT id, channel, recipient, kind, attempts, last_error, created_at, finished_at, data_committed_at
       FROM notification.sends
       WHERE tenant_id = $1 AND status = $2 AND ($3::text IS NULL OR channel = $3)
       ORDER BY finished_at DESC LIMIT $4`,
      [tenantId, status, channel, limit],
    );
    return rows.map((row) => ({
      id: row.id,
      channel: row.channel,
      recipient: row.recipient,
      kind: row.kind,
      attempts: row.attempts,
      lastError: row.last_error,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      dataCommittedAt: row.data_committed_at,
    }));
  }

  /**
   * Puts a dead or in-doubt row back in the queue with fresh attempts; its idempotency key (and so its
   * Message-ID) stays the same. For an in-doubt row this is an admin's decision to risk a duplicate.
   */
  async requeue(
    manager: EntityManager,
    tenantId: string,
    status: UnfinishedStatus,
    channel: SendChannel | null,
    id: string,
    now: Date,
  ): Promise<boolean> {
    const rows = await changed<unknown>(
      manager,
      `UPDATE notification.sends SET status = 'pending', attempts = 0, not_before = $5, finished_at = NULL,
         data_committed_at = NULL
       WHERE tenant_id = $1 AND status = $2 AND ($3::text IS NULL OR channel = $3) AND id = $4
         AND payload IS NOT NULL
       RETURNING 1`,
      [tenantId, status, channel, id, now],
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
       WHERE created_at < $1 AND payload IS NOT NULL AND status IN ('sent', 'skipped', 'dead', 'in-doubt') RETURNING 1`,
      [before],
    );
    return rows.length;
  }
}
