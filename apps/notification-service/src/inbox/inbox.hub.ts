import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { NotificationView } from '@advocacy/contracts';
import { REDIS } from '@advocacy/platform';
import Redis from 'ioredis';
import type { NewNotification } from './notification.repository';

export interface InboxMessage {
  employeeId: string;
  notification: NotificationView;
}

type Listener = (message: InboxMessage) => void;

const channelOf = (tenantId: string) => `notify:{${tenantId}}:inbox`;

/**
 * Fan-out across replicas: the replica that stored a notification publishes it on the tenant's
 * channel, and every replica passes it to the streams of that person open on it.
 */
@Injectable()
export class InboxHub implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('InboxHub');
  private readonly listeners = new Map<string, Set<Listener>>();
  private subscriber?: Redis;

  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onModuleInit() {
    const subscriber = this.redis.duplicate({
      connectionName: 'notification-inbox',
      enableAutoPipelining: false,
    });
    subscriber.on('pmessage', (_pattern: string, channel: string, raw: string) =>
      this.dispatch(channel, raw),
    );
    await subscriber.psubscribe(channelOf('*'));
    this.subscriber = subscriber;
  }

  async onApplicationShutdown() {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  async publish(notification: NewNotification): Promise<void> {
    const message: InboxMessage = {
      employeeId: notification.employeeId,
      notification: {
        id: notification.id,
        kind: notification.kind,
        title: notification.title,
        body: notification.body,
        link: notification.link,
        createdAt: notification.createdAt.toISOString(),
        readAt: null,
      },
    };
    try {
      await this.redis.publish(channelOf(notification.tenantId), JSON.stringify(message));
    } catch (error) {
      // The row is committed; a stream that misses it shows it on its next snapshot.
      this.logger.warn(`could not publish notification ${notification.id}: ${String(error)}`);
    }
  }

  /** Listens for one person's new notifications; returns the function that stops listening. */
  listen(tenantId: string, employeeId: string, listener: Listener): () => void {
    const key = `${tenantId}\u0000${employeeId}`;
    const set = this.listeners.get(key) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(key, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  private dispatch(channel: string, raw: string) {
    const tenantId = channel.slice(channel.indexOf('{') + 1, channel.lastIndexOf('}'));
    let message: InboxMessage;
    try {
      message = JSON.parse(raw) as InboxMessage;
    } catch {
      this.logger.warn(`unreadable inbox message on ${channel}`);
      return;
    }
    const listeners = this.listeners.get(`${tenantId}\u0000${message.employeeId}`);
    if (!listeners) return;
    for (const listener of listeners) listener(message);
  }
}
