import { Injectable } from '@nestjs/common';
import { AnyEnvelope } from '@advocacy/contracts';
import { Inbox } from '@advocacy/messaging';
import { DataSource, EntityManager } from 'typeorm';
import type { LiveMessage } from '../boards/board.service';
import { BoardStore } from '../boards/board.store';
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
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: Inbox,
    private readonly store: BoardStore,
    private readonly heroes: HeroRepository,
  ) {}

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

  /** Which of these advocates are active HEROs: one indexed read per board page. */
  among(tenantId: string, employeeIds: readonly string[]): Promise<Set<string>> {
    return this.heroes.among(tenantId, employeeIds);
  }

  of(tenantId: string, employeeId: string): Promise<HeroMark | null> {
    return this.heroes.of(tenantId, employeeId);
  }
}
