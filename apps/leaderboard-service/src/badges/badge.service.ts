import { Injectable } from '@nestjs/common';
import { AnyEnvelope, BadgeRules } from '@advocacy/contracts';
import { Inbox, OutboxWriter } from '@advocacy/messaging';
import { Clock, periodBuckets } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import type { LiveMessage } from '../boards/board.service';
import { BoardStore } from '../boards/board.store';
import { TenantRepository } from '../boards/tenant.repository';
import { AwardedBadge, BadgeRepository } from './badge.repository';
import { Award, Counters, streakAwards, thresholdAwards } from './badge.rules';

const CONSUMER = 'leaderboard.badges';
const NOTHING: Counters = { shares: 0, points: 0, humanClicks: 0 };

export interface Won {
  tenantId: string;
  employeeId: string;
  award: Award;
}

/** Counts shares, unique human clicks and points per advocate and awards the badges they earn. */
@Injectable()
export class BadgeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: Inbox,
    private readonly outbox: OutboxWriter,
    private readonly badges: BadgeRepository,
    private readonly tenants: TenantRepository,
    private readonly store: BoardStore,
    private readonly clock: Clock,
  ) {}

  async apply(envelopes: readonly AnyEnvelope[]): Promise<void> {
    const relevant = envelopes.filter(
      (envelope) =>
        envelope.type === 'share.recorded' ||
        envelope.type === 'link.clicked' ||
        envelope.type === 'points.awarded',
    );
    if (relevant.length === 0) return;
    for (const tenantId of new Set(relevant.map((envelope) => envelope.tenantId))) {
      await this.tenants.remember(tenantId, this.clock.now());
    }
    const won: Won[] = [];
    await this.dataSource.transaction(async (manager) => {
      const rules = new Map<string, BadgeRules>();
      const rulesOf = async (tenantId: string) => {
        const known = rules.get(tenantId) ?? (await this.badges.rules(tenantId, manager));
        rules.set(tenantId, known);
        return known;
      };
      for (const envelope of await this.inbox.claim(manager, CONSUMER, relevant)) {
        const awards = await this.awardsFor(manager, envelope, await rulesOf(envelope.tenantId));
        if (!awards) continue;
        for (const award of awards.awards) {
          if (await this.grant(manager, envelope.tenantId, awards.employeeId, award)) {
            won.push({ tenantId: envelope.tenantId, employeeId: awards.employeeId, award });
          }
        }
      }
    });
    await this.announce(won);
  }

  private async awardsFor(
    manager: EntityManager,
    envelope: AnyEnvelope,
    rules: BadgeRules,
  ): Promise<{ employeeId: string; awards: Award[] } | null> {
    const { tenantId } = envelope;
    switch (envelope.type) {
      case 'share.recorded': {
        const { employeeId } = envelope.payload;
        const counters = await this.badges.addToCounters(manager, tenantId, employeeId, {
          ...NOTHING,
          shares: 1,
        });
        const timeZone = await this.tenants.timeZone(tenantId);
        const week = periodBuckets(new Date(envelope.occurredAt), timeZone).week;
        const weeks = await this.badges.shareWeeks(manager, tenantId, employeeId, week);
        return { employeeId, awards: [...thresholdAwards(rules, counters), ...streakAwards(rules, weeks)] };
      }
      case 'link.clicked': {
        const { employeeId, unique, human } = envelope.payload;
        if (!unique || !human) return null;
        const counters = await this.badges.addToCounters(manager, tenantId, employeeId, {
          ...NOTHING,
          humanClicks: 1,
        });
        return { employeeId, awards: thresholdAwards(rules, counters) };
      }
      case 'points.awarded': {
        const { employeeId, points } = envelope.payload;
        const counters = await this.badges.addToCounters(manager, tenantId, employeeId, {
          ...NOTHING,
          points,
        });
        return { employeeId, awards: thresholdAwards(rules, counters) };
      }
      default:
        return null;
    }
  }

  /** Records the award once and emits `badge.awarded` in the same transaction. */
  async grant(manager: EntityManager, tenantId: string, employeeId: string, award: Award): Promise<boolean> {
    const now = this.clock.now();
    if (!(await this.badges.award(manager, tenantId, employeeId, award, now))) return false;
    await this.outbox.add(manager, {
      type: 'badge.awarded',
      tenantId,
      subject: employeeId,
      occurredAt: now,
      payload: {
        employeeId,
        badgeId: award.badgeId,
        level: award.level,
        name: award.name,
        reason: award.reason,
        ...(award.period ? { period: award.period } : {}),
      },
    });
    return true;
  }

  /** Tells live widgets after the commit; a crash in between loses a toast, never a badge. */
  async announce(won: readonly Won[]): Promise<void> {
    for (const { tenantId, employeeId, award } of won) {
      await this.store.publish(tenantId, {
        kind: 'badge',
        employeeId,
        badgeId: award.badgeId,
        level: award.level,
        name: award.name,
        reason: award.reason,
      } satisfies LiveMessage);
    }
  }

  list(tenantId: string, employeeId: string): Promise<AwardedBadge[]> {
    return this.badges.awards(tenantId, employeeId);
  }

  rules(tenantId: string): Promise<BadgeRules> {
    return this.badges.rules(tenantId);
  }

  async setRules(tenantId: string, rules: BadgeRules): Promise<BadgeRules> {
    await this.badges.setRules(tenantId, rules, this.clock.now());
    return rules;
  }
}
