import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Period, TeamMetric } from '@advocacy/contracts';
import { APP_CONFIG, gauge, METRICS_REGISTRY, tooManyRequests, unauthorized } from '@advocacy/platform';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Gauge, Registry } from 'prom-client';
import type { LeaderboardConfig } from '../config';
import { LiveFanout, LiveSubscriber } from './live.fanout';
import { EmbedKeyRepository } from '../embed/embed-key.repository';
import { LiveHub } from './live.hub';

export interface StreamOptions {
  scope: string;
  period: Period;
  limit: number;
  at?: string;
  metric?: TeamMetric;
}

/**
 * Who holds a stream, as the route's authentication established it (a user's token or an embed key):
 * the tenant, whose standing and badges to show, the subject its open streams are counted against,
 * and what ends the stream.
 */
export interface StreamHolder {
  tenantId: string;
  /** The person watching (their standing and badges are shown); none for an embed key. */
  viewer: { employeeId: string; teamId?: string } | null;
  /** Streams are capped per subject. */
  subject: string;
  /** How many streams the subject may hold on this replica. */
  cap: number;
  /** Epoch ms at which the stream ends; none for a credential that only revocation ends. */
  expiresAt?: number;
  /** The embed key the stream was opened with: its revocation ends the stream. */
  embedKeyId?: string;
}

/** The open streams of one embed key on this replica, and the one hub listener that ends them. */
interface KeyStreams {
  ends: Set<() => void>;
  stopListening: () => void;
}

/** A client this far behind skips updates (each one is a whole view; the next one catches it up). */
const MAX_BUFFERED_BYTES = 256 * 1024;
/** setTimeout's limit; a credential valid for longer is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Server-sent event streams: a snapshot on connect (and on resume with Last-Event-ID), then an
 * `update` whenever the top N or the viewer's own rank changed, at most one per SSE_COALESCE_MS,
 * from reads shared by every stream of the board (LiveFanout); `badge` events for the viewer's own
 * awards; a comment line as heartbeat. The stream ends when its credential expires.
 *
 * Everything a stream holds (its place in the fan-out, its expiry timer, its count against the
 * subject's cap) is registered synchronously in `open`, together with the close handler that
 * releases it, so a client that leaves at any moment leaks nothing.
 */
@Injectable()
export class LiveService implements OnApplicationShutdown {
  private readonly perSubject = new Map<string, number>();
  private readonly streams = new Set<ServerResponse>();
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly open: Gauge<string>;
  private readonly byEmbedKey = new Map<string, KeyStreams>();
  private readonly logger = new Logger('LiveService');

  constructor(
    private readonly fanout: LiveFanout,
    private readonly hub: LiveHub,
    private readonly embedKeys: EmbedKeyRepository,
    @Inject(APP_CONFIG) private readonly config: LeaderboardConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.open = gauge(registry, 'sse_open_streams', 'Server-sent event streams open on this replica');
  }

  /** 429 when the subject holds its cap of streams already; otherwise the stream runs. */
  start(holder: StreamHolder, options: StreamOptions, request: IncomingMessage, response: ServerResponse) {
    const held = this.perSubject.get(holder.subject) ?? 0;
    if (held >= holder.cap) {
      response.setHeader('retry-after', String(Math.ceil(this.config.SSE_HEARTBEAT_MS / 1000)));
      throw tooManyRequests(
        `at most ${holder.cap} open streams per ${holder.embedKeyId ? 'embed key' : 'token'}; close one first`,
      );
    }
    if (holder.expiresAt !== undefined && holder.expiresAt <= Date.now()) {
      throw unauthorized('the token has expired');
    }

    const resumedFrom = Number(request.headers['last-event-id']);
    let eventId = Number.isSafeInteger(resumedFrom) && resumedFrom > 0 ? resumedFrom : 0;
    let closed = false;
    let expiry: NodeJS.Timeout | undefined;
    // Filled at the end of start(); release() may run before (a client gone at once).
    const place: { leave?: () => void } = {};
    const revoked = () => {
      response.write('event: revoked\ndata: {}\n\n');
      response.end();
    };
    const release = () => {
      if (closed) return;
      closed = true;
      place.leave?.();
      if (holder.embedKeyId) this.forgetKeyStream(holder.embedKeyId, revoked);
      if (expiry) clearTimeout(expiry);
      this.streams.delete(response);
      this.open.dec();
      const left = (this.perSubject.get(holder.subject) ?? 1) - 1;
      if (left > 0) this.perSubject.set(holder.subject, left);
      else this.perSubject.delete(holder.subject);
      if (this.streams.size === 0 && this.heartbeat) {
        clearInterval(this.heartbeat);
        this.heartbeat = undefined;
      }
    };
    this.perSubject.set(holder.subject, held + 1);
    this.streams.add(response);
    this.open.inc();
    response.on('close', release);
    if (holder.embedKeyId) this.rememberKeyStream(holder.tenantId, holder.embedKeyId, revoked);
    if (response.destroyed) {
      release();
      return;
    }

    const subscriber: LiveSubscriber = {
      standingId:
        options.scope === 'teams' ? (holder.viewer?.teamId ?? null) : (holder.viewer?.employeeId ?? null),
      employeeId: holder.viewer?.employeeId ?? null,
      send: (event, data) => {
        if (closed) return false;
        if (event === 'update' && response.writableLength > MAX_BUFFERED_BYTES) return false;
        eventId += 1;
        response.write(`id: ${eventId}\nevent: ${event}\ndata: ${data}\n\n`);
        return true;
      },
    };
    if (holder.expiresAt !== undefined) {
      const ends = holder.expiresAt;
      const arm = () => {
        const wait = ends - Date.now();
        expiry =
          wait > MAX_TIMER_MS
            ? setTimeout(arm, MAX_TIMER_MS)
            : setTimeout(() => {
                response.write('event: expired\ndata: {}\n\n');
                response.end();
              }, wait);
      };
      arm();
    }

    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    response.write('retry: 3000\n\n');
    this.ensureHeartbeat();
    place.leave = this.fanout.subscribe(
      {
        tenantId: holder.tenantId,
        scope: options.scope,
        period: options.period,
        limit: options.limit,
        at: options.at,
        metric: options.metric ?? 'sum',
      },
      subscriber,
    );
  }

  private rememberKeyStream(tenantId: string, keyId: string, end: () => void): void {
    let streams = this.byEmbedKey.get(keyId);
    if (!streams) {
      const ends = new Set<() => void>();
      const stopListening = this.hub.listen(tenantId, (message) => {
        if (message.kind === 'embed-key-revoked' && message.keyId === keyId) {
          for (const endStream of [...ends]) endStream();
        }
      });
      streams = { ends, stopListening };
      this.byEmbedKey.set(keyId, streams);
    }
    streams.ends.add(end);
  }

  private forgetKeyStream(keyId: string, end: () => void): void {
    const streams = this.byEmbedKey.get(keyId);
    if (!streams) return;
    streams.ends.delete(end);
    if (streams.ends.size > 0) return;
    streams.stopListening();
    this.byEmbedKey.delete(keyId);
  }

  /** One timer for every stream of the replica, running only while there are streams. */
  private ensureHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      for (const stream of this.streams) stream.write(': heartbeat\n\n');
      void this.endRevokedKeyStreams();
    }, this.config.SSE_HEARTBEAT_MS);
  }

  /**
   * Revocation reaches the streams by pub/sub, which drops what a reconnecting subscriber misses;
   * each heartbeat also asks the table, so a missed message costs at most one heartbeat interval.
   */
  private async endRevokedKeyStreams(): Promise<void> {
    if (this.byEmbedKey.size === 0) return;
    try {
      for (const keyId of await this.embedKeys.revokedAmong([...this.byEmbedKey.keys()])) {
        for (const end of [...(this.byEmbedKey.get(keyId)?.ends ?? [])]) end();
      }
    } catch (error) {
      this.logger.warn(`embed key revocation check failed: ${String(error)}`);
    }
  }

  /** For the leak tests: streams and timers this service holds right now. */
  stats(): { streams: number; subjects: number; embedKeys: number; heartbeat: boolean } {
    return {
      streams: this.streams.size,
      subjects: this.perSubject.size,
      embedKeys: this.byEmbedKey.size,
      heartbeat: this.heartbeat !== undefined,
    };
  }

  onApplicationShutdown(): void {
    for (const stream of [...this.streams]) stream.end();
  }
}
