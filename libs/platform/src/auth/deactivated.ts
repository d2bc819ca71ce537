import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, type BaseEnv } from '../config';
import { createRedis } from '../redis-client';

/** `tenant:employee` of every deactivated employee, written by the directory (content-service). */
export const DEACTIVATED_KEY = 'advocacy:auth:deactivated';
/** `+tenant:employee` / `-tenant:employee` when one changes. */
export const DEACTIVATED_CHANNEL = 'advocacy:auth:deactivated';
const RELOAD_MS = 60_000;

const member = (tenantId: string, employeeId: string) => `${tenantId}:${employeeId}`;

/**
 * Records a change of an employee's active state where every service's guard sees it. Called by the
 * directory after the change committed; the directory re-writes the whole set at start-up, so a
 * crash between commit and this call heals on the next boot.
 */
export async function publishDeactivation(
  redis: Redis,
  tenantId: string,
  employeeId: string,
  deactivated: boolean,
): Promise<void> {
  const key = member(tenantId, employeeId);
  await redis
    .multi()
    [deactivated ? 'sadd' : 'srem'](DEACTIVATED_KEY, key)
    .publish(DEACTIVATED_CHANNEL, `${deactivated ? '+' : '-'}${key}`)
    .exec();
}

/**
 * Makes the set exactly `employees` (the directory's boot-time repair: the table is the truth), then
 * tells every guard to reload.
 */
export async function replaceDeactivated(
  redis: Redis,
  employees: readonly { tenantId: string; employeeId: string }[],
): Promise<void> {
  const wanted = new Set(employees.map((entry) => member(entry.tenantId, entry.employeeId)));
  const stale = (await redis.smembers(DEACTIVATED_KEY)).filter((entry) => !wanted.has(entry));
  if (stale.length > 0) await redis.srem(DEACTIVATED_KEY, ...stale);
  if (wanted.size > 0) await redis.sadd(DEACTIVATED_KEY, ...wanted);
  await redis.publish(DEACTIVATED_CHANNEL, 'reload');
}

/**
 * The guard's answer to "was this person deactivated?" without I/O per request: the whole set lives
 * in memory, loaded at start, kept current by pub/sub, reloaded after a reconnect (messages may have
 * been missed meanwhile) and once a minute as a safety net. A token stays cryptographically valid
 * until it expires; this is how a deactivation takes effect at once instead.
 */
@Injectable()
export class DeactivatedAdvocates implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('DeactivatedAdvocates');
  private members = new Set<string>();
  private subscriber?: Redis;
  private reader?: Redis;
  private timer?: NodeJS.Timeout;

  constructor(@Inject(APP_CONFIG) private readonly config: BaseEnv) {}

  has(tenantId: string, employeeId: string): boolean {
    return this.members.has(member(tenantId, employeeId));
  }

  async onModuleInit(): Promise<void> {
    // The same client kind as the service's own (a Cluster when REDIS_CLUSTER_NODES is set): a
    // standalone client on a cluster node answers MOVED for a key of another node's slot.
    const nodes = this.config.REDIS_CLUSTER_NODES;
    this.reader = createRedis(this.config.REDIS_URL, 'auth-deactivated', nodes);
    this.subscriber =
      nodes.length > 0
        ? createRedis(this.config.REDIS_URL, 'auth-deactivated-sub', nodes)
        : new Redis(this.config.REDIS_URL, { connectionName: 'auth-deactivated-sub' });
    this.timer = setInterval(() => void this.reload(), RELOAD_MS);
    this.timer.unref();
    this.subscriber.on('message', (_channel: string, message: string) => {
      if (message.startsWith('+')) this.members.add(message.slice(1));
      else if (message.startsWith('-')) this.members.delete(message.slice(1));
      else void this.reload();
    });
    this.subscriber.on('ready', () => void this.reload());
    await this.subscriber.subscribe(DEACTIVATED_CHANNEL);
    await this.reload();
  }

  private async reload(): Promise<void> {
    try {
      this.members = new Set(await (this.reader as Redis).smembers(DEACTIVATED_KEY));
    } catch (error) {
      this.logger.warn(`could not reload the deactivated employees: ${String(error)}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    for (const client of [this.subscriber, this.reader]) {
      await client?.quit().catch(() => client.disconnect());
    }
  }
}
