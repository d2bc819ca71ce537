import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { REDIS } from '@advocacy/platform';
import Redis from 'ioredis';
import type { LiveMessage } from '../boards/board.service';

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
  private subscriber?: Redis;

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

  /** Listeners registered right now (the leak tests expect none once every stream is gone). */
  listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  private dispatch(channel: string, raw: string) {
    const tenantId = channel.slice(channel.indexOf('{') + 1, channel.lastIndexOf('}'));
    const listeners = this.listeners.get(tenantId);
    if (!listeners) return;
    let message: LiveMessage;
    try {
      message = JSON.parse(raw) as LiveMessage;
    } catch {
      this.logger.warn(`unreadable live message on ${channel}`);
      return;
    }
    for (const listener of listeners) listener(message);
  }
}
