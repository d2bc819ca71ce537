import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, REDIS } from '@advocacy/platform';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { ShareTrackingConfig } from '../config';
import { LinkRepository, LinkTarget } from './link.repository';

const NOT_FOUND = '-';
const keyOf = (code: string) => `tracking:link:${code}`;

/**
 * Resolves tracked-link codes through Redis, filled from Postgres on a miss. Unknown codes are cached
 * briefly too, so a scan of random codes does not reach the database each time. When Redis is down
 * the redirect still works from Postgres.
 */
@Injectable()
export class LinkCache {
  private readonly logger = new Logger('LinkCache');

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly dataSource: DataSource,
    private readonly links: LinkRepository,
    @Inject(APP_CONFIG) private readonly config: ShareTrackingConfig,
  ) {}

  async resolve(code: string): Promise<LinkTarget | null> {
    const cached = await this.redis.get(keyOf(code)).catch((error: unknown) => {
      this.logger.warn(`link cache read failed: ${String(error)}`);
      return null;
    });
    if (cached === NOT_FOUND) return null;
    if (cached) return JSON.parse(cached) as LinkTarget;
    const target = await this.links.byCode(this.dataSource.manager, code);
    const write = target
      ? this.redis.set(keyOf(code), JSON.stringify(target), 'EX', this.config.LINK_CACHE_TTL_SECONDS)
      : this.redis.set(keyOf(code), NOT_FOUND, 'EX', this.config.LINK_NOT_FOUND_TTL_SECONDS);
    await write.catch((error: unknown) => this.logger.warn(`link cache write failed: ${String(error)}`));
    return target;
  }

  /** Drops a code after its share changed (withdrawn), so the next visitor sees the change. */
  async forget(code: string): Promise<void> {
    // Failing here would hide a committed withdrawal; the entry expires after LINK_CACHE_TTL_SECONDS anyway.
    await this.redis.del(keyOf(code)).catch((error: unknown) => {
      this.logger.warn(`link cache invalidation failed: ${String(error)}`);
    });
  }
}
