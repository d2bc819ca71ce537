import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { contextOf, REDIS, SpanKind, tracerOf } from '@advocacy/platform';
import { context, trace } from '@opentelemetry/api';
import Redis from 'ioredis';
import type { LiveMessage } from '../boards/board.service';
import { SERVICE } from '../config';

type Listener = (message: LiveMessage) => void;

const CHANNELS = 'lb:{*}:live';

/**
 * Fan-out across replicas: whoever changes a board publishes on the tenant's channel
 * (`lb:{tenant}:live`), and every replica hears it on its own subscriber connection and passes it
 * to the streams open on it.
 */
@Injectable()
export class LiveHub implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('LiveHub');
  private readonly listeners = new Map<string, Set<Listener>>();
  /** Told of every tenant whose boards changed as a whole (`boards`), whether or not it has streams. */
  private readonly boardsWatchers = new Set<(tenantId: string) => void>();
  /** Told of every tenant whose boards changed at all (`points` or `boards`). */
  private readonly changeWatchers = new Set<(tenantId: string) => void>();
  private subscriber?: Redis;
  private readonly tracer = tracerOf(SERVICE);

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onModuleInit() {
    const subscriber = this.redis.duplicate({
      connectionName: 'leaderboard-live',
      enableAutoPipelining: false,
    });
    subscriber.on('pmessage', (_pattern: string, channel: string, raw: string) =>
      this.dispatch(channel, raw),
    );
    await subscriber.psubscribe(CHANNELS);
    this.subscriber = subscriber;
  }

  async onApplicationShutdown() {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  listen(tenantId: string, listener: Listener): () => void {
    const set = this.listeners.get(tenantId) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(tenantId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(tenantId);
    };
  }

  /** `watcher` hears the tenant of every `boards` message on any tenant's channel (caches drop it). */
  onBoardsChanged(watcher: (tenantId: string) => void): void {
    this.boardsWatchers.add(watcher);
  }

  /** `watcher` hears the tenant of every `points` or `boards` message (the board-read cache drops it). */
  onChanged(watcher: (tenantId: string) => void): void {
    this.changeWatchers.add(watcher);
  }

  /** Listeners registered right now (the leak tests expect none once every stream is gone). */
  listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  private dispatch(channel: string, raw: string) {
    const tenantId = channel.slice(channel.indexOf('{') + 1, channel.lastIndexOf('}'));
    const listeners = this.listeners.get(tenantId);
    if (!listeners && this.boardsWatchers.size === 0 && this.changeWatchers.size === 0) return;
    let message: LiveMessage;
    let traceparent: string | undefined;
    try {
      ({ traceparent, ...message } = JSON.parse(raw) as LiveMessage & { traceparent?: string });
    } catch {
      this.logger.warn(`unreadable live message on ${channel}`);
      return;
    }
    if (message.kind === 'boards') for (const watcher of this.boardsWatchers) watcher(tenantId);
    if (message.kind === 'points' || message.kind === 'boards') {
      for (const watcher of this.changeWatchers) watcher(tenantId);
    }
    if (!listeners) return;
    // The push to the open streams continues the trace of the board update that published it; the
    // streams' refreshes run in this context.
    const parent = contextOf(traceparent);
    const span = this.tracer.startSpan(
      `push ${message.kind}`,
      { kind: SpanKind.CONSUMER, attributes: { 'sse.listeners': listeners.size } },
      parent,
    );
    try {
      context.with(trace.setSpan(parent, span), () => {
        for (const listener of listeners) listener(message);
      });
    } finally {
      span.end();
    }
  }
}
