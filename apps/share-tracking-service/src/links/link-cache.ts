import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, REDIS } from '@advocacy/platform';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { ShareTrackingConfig } from '../config';
import { redirectUrlOf } from '../shares/share.rules';
import { LinkRepository, LinkTarget } from './link.repository';
import { TtlCache } from './ttl-cache';

const NOT_FOUND = '-';
const keyOf = (code: string) => `tracking:link:${code}`;

/** A tracked link ready to answer: its share and the 302 target with the UTM parameters. */
export interface ResolvedLink {
  target: LinkTarget;
  location: string;
}

const resolved = (target: LinkTarget | null): ResolvedLink | null =>
  target ? { target, location: redirectUrlOf(target) } : null;

/**
 * Resolves tracked-link codes: process memory first (a few seconds, so a hot link costs no I/O), then
 * Redis, then Postgres. Unknown codes are cached too, so a scan of random codes does not reach the
 * database each time. Concurrent misses of one code share one lookup. A withdrawal forgets the code
 * here and in Redis; other replicas see it when their short in-process entry expires. When Redis is
 * down the redirect still works from Postgres.
 */
@Injectable()
export class LinkCache {
  private readonly logger = new Logger('LinkCache');
  private readonly local: TtlCache<ResolvedLink | null>;
  private readonly loading = new Map<string, Promise<ResolvedLink | null>>();
  /** Bumped by every forget, so a lookup that started before it does not put the old state back. */
  private generation = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly dataSource: DataSource,
    private readonly links: LinkRepository,
    @Inject(APP_CONFIG) private readonly config: ShareTrackingConfig,
  ) {
    this.local = new TtlCache(config.LINK_LOCAL_CACHE_MS, config.LINK_LOCAL_CACHE_MAX);
  }

  /** The answer held in process memory: a link, `null` for a known unknown, `undefined` to look up. */
  peek(code: string): ResolvedLink | null | undefined {
    return this.local.get(code);
  }

  resolve(code: string): Promise<ResolvedLink | null> {
    const held = this.local.get(code);
    if (held !== undefined) return Promise.resolve(held);
    let lookup = this.loading.get(code);
    if (!lookup) {
      const generation = this.generation;
      lookup = this.lookUp(code)
        .then((link) => {
          if (generation === this.generation) this.local.set(code, link);
          return link;
        })
        .finally(() => this.loading.delete(code));
      this.loading.set(code, lookup);
    }
    return lookup;
  }

  /** Drops a code after its share changed (withdrawn), so the next visitor sees the change. */
  async forget(code: string): Promise<void> {
    this.generation += 1;
    this.local.delete(code);
    this.loading.delete(code);
    // Failing here would hide a committed withdrawal; the entry expires after LINK_CACHE_TTL_SECONDS anyway.
    await this.redis.del(keyOf(code)).catch((error: unknown) => {
      this.logger.warn(`link cache invalidation failed: ${String(error)}`);
    });
  }

  /** Drops the codes of every share of a content item after it changed (archived): they answer 410. */
  async forgetContent(tenantId: string, contentId: string): Promise<void> {
    const codes = await this.links.codesOfContent(this.dataSource.manager, tenantId, contentId);
    for (const code of codes) await this.forget(code);
  }

  private async lookUp(code: string): Promise<ResolvedLink | null> {
    const cached = await this.redis.get(keyOf(code)).catch((error: unknown) => {
      this.logger.warn(`link cache read failed: ${String(error)}`);
      return null;
    });
    if (cached === NOT_FOUND) return null;
    if (cached) return resolved(JSON.parse(cached) as LinkTarget);
    const target = await this.links.byCode(this.dataSource.manager, code);
    const write = target
      ? this.redis.set(keyOf(code), JSON.stringify(target), 'EX', this.config.LINK_CACHE_TTL_SECONDS)
      : this.redis.set(keyOf(code), NOT_FOUND, 'EX', this.config.LINK_NOT_FOUND_TTL_SECONDS);
    await write.catch((error: unknown) => this.logger.warn(`link cache write failed: ${String(error)}`));
    return resolved(target);
  }
}
