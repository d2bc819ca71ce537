import { Inject, Injectable, Logger } from '@nestjs/common';
import { BoardResponse, Period, TeamMetric } from '@advocacy/contracts';
import { APP_CONFIG, counter, METRICS_REGISTRY } from '@advocacy/platform';
import type { Counter, Registry } from 'prom-client';
import type { LeaderboardConfig } from '../config';
import { BoardService, LiveMessage, Standing } from '../boards/board.service';
import { LiveHub } from './live.hub';

/** Which board a stream shows: every stream with the same window shares one read per tick. */
export interface BoardWindow {
  tenantId: string;
  scope: string;
  period: Period;
  limit: number;
  at?: string;
  /** The teams board's ranking (sum on every other scope). */
  metric: TeamMetric;
}

export type { Standing };

/** What the stream's page shows as "you": the board view plus the viewer's own standing. */
export interface LiveView extends BoardResponse {
  me: Standing | null;
}

/** One open stream as the fan-out sees it. */
export interface LiveSubscriber {
  /** Whose rank the stream shows (an employee, or a team on the `teams` board); null: nobody's. */
  readonly standingId: string | null;
  /** Whose badge awards the stream forwards; null: nobody's. */
  readonly employeeId: string | null;
  /** Writes one event (data is JSON text). False when the client is too far behind to take it. */
  send(event: 'snapshot' | 'update' | 'badge', data: string): boolean;
}

interface Subscription {
  /** Still waiting for its first snapshot. */
  fresh: boolean;
  /** Board version and own standing last delivered: an update goes out only when one changed. */
  version: number;
  standing: string;
}

interface ChannelDeps {
  boards: BoardService;
  hub: LiveHub;
  coalesceMs: number;
  logger: Logger;
  reads: Counter<string>;
  onEmpty(channel: BoardChannel): void;
}

const standingPrint = (me: Standing | null) =>
  me ? `${me.rank}|${me.points}|${me.gapToNext}|${me.total}|${me.sharedRank}|${me.tiedWith}` : '';

/**
 * Every stream of one board window on this replica. A change on the tenant marks the channel dirty;
 * one tick later (never sooner than SSE_COALESCE_MS after the previous update) the channel reads the
 * board once, the standings of all its viewers in one batched script, serialises the board once, and
 * hands each stream its event — so the cost of a tick grows with distinct viewers, not with reads ×
 * connections. Newcomers get their snapshot from the next tick, which runs at once; streams that
 * open together share it.
 */
export class BoardChannel {
  readonly subscriptions = new Map<LiveSubscriber, Subscription>();
  private readonly badgeViewers = new Map<string, Set<LiveSubscriber>>();
  private readonly stopListening: () => void;
  private newcomers = 0;
  private dirty = false;
  private running = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private lastUpdateAt = 0;
  private retryAfter = 0;
  private version = 0;
  private lastBoard = '';

  constructor(
    readonly key: string,
    readonly window: BoardWindow,
    private readonly deps: ChannelDeps,
  ) {
    this.stopListening = deps.hub.listen(window.tenantId, (message) => this.hear(message));
  }

  get timerArmed(): boolean {
    return this.timer !== undefined;
  }

  add(subscriber: LiveSubscriber): void {
    this.subscriptions.set(subscriber, { fresh: true, version: -1, standing: '' });
    if (subscriber.employeeId) {
      const set = this.badgeViewers.get(subscriber.employeeId) ?? new Set<LiveSubscriber>();
      set.add(subscriber);
      this.badgeViewers.set(subscriber.employeeId, set);
    }
    this.newcomers += 1;
    this.schedule();
  }

  remove(subscriber: LiveSubscriber): void {
    const subscription = this.subscriptions.get(subscriber);
    if (!subscription) return;
    if (subscription.fresh) this.newcomers -= 1;
    this.subscriptions.delete(subscriber);
    if (subscriber.employeeId) {
      const set = this.badgeViewers.get(subscriber.employeeId);
      set?.delete(subscriber);
      if (set?.size === 0) this.badgeViewers.delete(subscriber.employeeId);
    }
    if (this.subscriptions.size === 0) this.close();
  }

  private close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.stopListening();
    this.deps.onEmpty(this);
  }

  private hear(message: LiveMessage): void {
    switch (message.kind) {
      case 'badge': {
        const data = JSON.stringify(message);
        for (const subscriber of this.badgeViewers.get(message.employeeId) ?? []) {
          subscriber.send('badge', data);
        }
        return;
      }
      case 'points':
      case 'boards':
        this.dirty = true;
        this.schedule();
        return;
      case 'embed-key-revoked':
        return; // LiveService ends those streams
    }
  }

  /** One tick at a time; a tick that finds more to do when it ends schedules the next. */
  private schedule(): void {
    if (this.closed || this.running || this.timer) return;
    const now = Date.now();
    let due = Infinity;
    if (this.newcomers > 0) due = now;
    if (this.dirty) due = Math.min(due, this.lastUpdateAt + this.deps.coalesceMs);
    if (due === Infinity) return;
    due = Math.max(due, this.retryAfter);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        void this.tick();
      },
      Math.max(0, due - now),
    );
  }

  private async tick(): Promise<void> {
    this.running = true;
    const now = Date.now();
    const everyone = this.dirty && now >= this.lastUpdateAt + this.deps.coalesceMs;
    if (everyone) {
      this.dirty = false;
      this.lastUpdateAt = now;
    }
    const targets: [LiveSubscriber, Subscription][] = [];
    for (const entry of this.subscriptions) {
      if (everyone || entry[1].fresh) targets.push(entry);
    }
    // Taken now: streams that arrive during the reads wait for the next tick.
    const snapshots = new Set(targets.filter(([, subscription]) => subscription.fresh).map(([s]) => s));
    for (const [, subscription] of targets) subscription.fresh = false;
    this.newcomers -= snapshots.size;
    try {
      const { board, standings } = await this.read(targets.map(([subscriber]) => subscriber));
      const print = JSON.stringify([board.entries, board.bucket]);
      if (print !== this.lastBoard) {
        this.lastBoard = print;
        this.version += 1;
      }
      const boardJson = JSON.stringify(board);
      const head = `${boardJson.slice(0, -1)},"me":`;
      for (const [subscriber, subscription] of targets) {
        if (!this.subscriptions.has(subscriber)) continue;
        const me = (subscriber.standingId && standings.get(subscriber.standingId)) || null;
        const standing = standingPrint(me);
        const snapshot = snapshots.has(subscriber);
        if (!snapshot && subscription.version === this.version && subscription.standing === standing)
          continue;
        if (subscriber.send(snapshot ? 'snapshot' : 'update', `${head}${JSON.stringify(me)}}`)) {
          subscription.version = this.version;
          subscription.standing = standing;
        }
      }
    } catch (error) {
      this.deps.logger.warn(`live board read failed, retrying after the coalescing window: ${String(error)}`);
      // Nothing is lost: the snapshots and the change are delivered by a later tick, which waits a
      // coalescing window instead of hammering a store that is down.
      for (const subscriber of snapshots) {
        const subscription = this.subscriptions.get(subscriber);
        if (subscription && !subscription.fresh) {
          subscription.fresh = true;
          this.newcomers += 1;
        }
      }
      if (everyone) this.dirty = true;
      this.retryAfter = Date.now() + this.deps.coalesceMs;
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  private async read(
    targets: readonly LiveSubscriber[],
  ): Promise<{ board: BoardResponse; standings: Map<string, Standing> }> {
    const { tenantId, scope, period, limit, at, metric } = this.window;
    this.deps.reads.inc();
    const board = await this.deps.boards.board(tenantId, scope, { period, limit, offset: 0, at, metric });
    const ids = new Set<string>();
    for (const subscriber of targets) if (subscriber.standingId) ids.add(subscriber.standingId);
    if (ids.size === 0) return { board, standings: new Map() };
    const ref = await this.deps.boards.ref(tenantId, scope, period, at);
    if (ref.bucket !== board.bucket) throw new Error('the period turned during the read');
    return { board, standings: await this.deps.boards.standings(ref, [...ids]) };
  }
}

/** The board channels of this replica, created with their first stream and gone with their last. */
@Injectable()
export class LiveFanout {
  private readonly logger = new Logger('LiveFanout');
  private readonly channels = new Map<string, BoardChannel>();
  private readonly reads: Counter<string>;

  constructor(
    private readonly boards: BoardService,
    private readonly hub: LiveHub,
    @Inject(APP_CONFIG) private readonly config: LeaderboardConfig,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    this.reads = counter(
      registry,
      'leaderboard_live_board_reads_total',
      'Board reads made for live streams (one per board window and update tick)',
    );
  }

  /** Adds a stream to its board's channel; the returned function takes it out again (idempotent). */
  subscribe(window: BoardWindow, subscriber: LiveSubscriber): () => void {
    const key = [
      window.tenantId,
      window.scope,
      window.period,
      window.at ?? '',
      window.limit,
      window.metric,
    ].join('|');
    let channel = this.channels.get(key);
    if (!channel) {
      channel = new BoardChannel(key, window, {
        boards: this.boards,
        hub: this.hub,
        coalesceMs: this.config.SSE_COALESCE_MS,
        logger: this.logger,
        reads: this.reads,
        onEmpty: (empty) => {
          if (this.channels.get(empty.key) === empty) this.channels.delete(empty.key);
        },
      });
      this.channels.set(key, channel);
    }
    channel.add(subscriber);
    const joined = channel;
    return () => joined.remove(subscriber);
  }

  /** For the leak tests and the metrics: what this replica holds right now. */
  stats(): { channels: number; subscriptions: number; timers: number } {
    let subscriptions = 0;
    let timers = 0;
    for (const channel of this.channels.values()) {
      subscriptions += channel.subscriptions.size;
      if (channel.timerArmed) timers += 1;
    }
    return { channels: this.channels.size, subscriptions, timers };
  }
}
