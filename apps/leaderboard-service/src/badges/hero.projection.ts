import { Inject, Injectable } from '@nestjs/common';
import { AnyEnvelope } from '@advocacy/contracts';
import { Inbox } from '@advocacy/messaging';
import { APP_CONFIG } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import type { LiveMessage } from '../boards/board.service';
import { BoardStore } from '../boards/board.store';
import type { LeaderboardConfig } from '../config';
import { LiveHub } from '../live/live.hub';
import { HeroMark, HeroRepository } from './hero.repository';

const CONSUMER = 'leaderboard.heroes';

export type { HeroMark } from './hero.repository';

/**
 * The leaderboard's projection of HERO status, which the coaching service decides: `hero.qualified`
 * marks an advocate, `hero.lapsed` unmarks them. Applied with the inbox claim in one transaction;
 * one person's events share a partition, so they arrive in the order they happened.
 */
@Injectable()
export class HeroProjection {
  /** Per tenant, its active HEROs for board reads (see `among`): the load in flight or done, and until when. */
  private readonly cached = new Map<string, { heroes: Promise<Set<string>>; until: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: Inbox,
    private readonly store: BoardStore,
    private readonly heroes: HeroRepository,
    hub: LiveHub,
    @Inject(APP_CONFIG) private readonly config: LeaderboardConfig,
  ) {
    // Whichever replica applied a HERO change says so on the tenant's live channel.
    hub.onBoardsChanged((tenantId) => this.cached.delete(tenantId));
  }

  async apply(envelopes: readonly AnyEnvelope[]): Promise<void> {
    const relevant = envelopes.filter(
      (envelope) => envelope.type === 'hero.qualified' || envelope.type === 'hero.lapsed',
    );
    if (relevant.length === 0) return;
    const changed = await this.dataSource.transaction(async (manager) => {
      const tenants = new Set<string>();
      for (const envelope of await this.inbox.claim(manager, CONSUMER, relevant)) {
        await this.applyOne(manager, envelope);
        tenants.add(envelope.tenantId);
      }
      return tenants;
    });
    for (const tenantId of changed) this.cached.delete(tenantId);
    // Live boards re-read their rows, so the flags change on screens too; a lost message only delays that.
    await this.store.publishMany(
      [...changed].map((tenantId) => ({ tenantId, message: { kind: 'boards' } satisfies LiveMessage })),
    );
  }

  private async applyOne(manager: EntityManager, envelope: AnyEnvelope): Promise<void> {
    switch (envelope.type) {
      case 'hero.qualified':
        await this.heroes.mark(manager, {
          tenantId: envelope.tenantId,
          employeeId: envelope.payload.employeeId,
          basis: envelope.payload.basis ?? 'rule',
          reason: envelope.payload.reason,
          since: envelope.occurredAt,
        });
        return;
      case 'hero.lapsed':
        await this.heroes.unmark(manager, envelope.tenantId, envelope.payload.employeeId);
        return;
      default:
        return;
    }
  }

  /**
   * Which of these advocates are active HEROs. Board reads ask on every page; the tenant's HERO set
   * is read once and kept for LEADERBOARD_HERO_CACHE_MS (a Postgres read per request was the top-10
   * and around-me reads' largest cost — rank-of-me, without it, answered 2–3× as many requests on the
   * 1,000,000-member bench board). A HERO change drops it at once: here after the commit, on other
   * replicas when they hear the `boards` message it publishes.
   */
  async among(tenantId: string, employeeIds: readonly string[]): Promise<Set<string>> {
    if (employeeIds.length === 0) return new Set();
    const now = Date.now();
    let entry = this.cached.get(tenantId);
    if (!entry || entry.until <= now) {
      entry = { heroes: this.heroes.allOf(tenantId), until: now + this.config.LEADERBOARD_HERO_CACHE_MS };
      this.cached.set(tenantId, entry);
      const loaded = entry;
      // a failed read is not kept: the next request tries again
      loaded.heroes.catch(() => this.cached.get(tenantId) === loaded && this.cached.delete(tenantId));
    }
    const heroes = await entry.heroes;
    return new Set(employeeIds.filter((id) => heroes.has(id)));
  }

  of(tenantId: string, employeeId: string): Promise<HeroMark | null> {
    return this.heroes.of(tenantId, employeeId);
  }
}
