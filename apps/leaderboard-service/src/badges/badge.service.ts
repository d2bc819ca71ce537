import { Injectable } from '@nestjs/common';
import { AnyEnvelope, BadgeRules, BadgeRulesVersions } from '@advocacy/contracts';
import { Inbox, OutboxWriter } from '@advocacy/messaging';
import { Clock } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { weekBucketOf } from '../boards/board-keys';
import type { LiveMessage } from '../boards/board.service';
import { BoardStore } from '../boards/board.store';
import { TenantRepository } from '../boards/tenant.repository';
import { advocateKey, countersAfterEachStep, CounterStep, sumCounterDeltas } from './badge.batch';
import { AwardedBadge, awardKey, BadgeRepository } from './badge.repository';
import { Award, Counters, streakAwards, thresholdAwards } from './badge.rules';

const CONSUMER = 'leaderboard.badges';
const NOTHING: Counters = { shares: 0, points: 0, humanClicks: 0 };
/** Events per badge transaction: bounds the time a batch holds its counter rows. */
const BADGE_CHUNK = 1000;

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

  /**
   * Counts a batch and grants what it earns in one transaction per chunk of BADGE_CHUNK events: one
   * inbox claim, one counter upsert (rows in a fixed order, so concurrent topics never deadlock),
   * one share-week read and write, one award insert and one outbox insert. Badges are judged on the
   * counters as they stood after each event, as if the events had been applied one by one.
   */
  async apply(
    envelopes: readonly AnyEnvelope[],
    heartbeat: () => Promise<void> = async () => undefined,
  ): Promise<void> {
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
    for (let start = 0; start < relevant.length; start += BADGE_CHUNK) {
      await this.applyChunk(relevant.slice(start, start + BADGE_CHUNK));
      await heartbeat();
    }
  }

  private async applyChunk(envelopes: readonly AnyEnvelope[]): Promise<void> {
    const won: Won[] = [];
    await this.dataSource.transaction(async (manager) => {
      const steps: (CounterStep & { week: string | null })[] = [];
      for (const envelope of await this.inbox.claim(manager, CONSUMER, envelopes)) {
        const step = await this.stepOf(envelope);
        if (step) steps.push(step);
      }
      if (steps.length === 0) return;
      const totals = await this.badges.addToCountersMany(manager, sumCounterDeltas(steps));
      const counters = countersAfterEachStep(steps, totals);

      const sharing = steps.filter((step) => step.week !== null);
      const weeks = await this.badges.shareWeeksOf(manager, [
        ...new Map(sharing.map((step) => [advocateKey(step.tenantId, step.employeeId), step])).values(),
      ]);
      await this.badges.addShareWeeks(
        manager,
        sharing.map((step) => ({
          tenantId: step.tenantId,
          employeeId: step.employeeId,
          week: step.week as string,
        })),
      );

      const rules = new Map<string, BadgeRules>();
      const candidates = new Map<string, Won>();
      for (const [index, step] of steps.entries()) {
        const { tenantId, employeeId } = step;
        const tenantRules = rules.get(tenantId) ?? (await this.badges.rules(tenantId, manager));
        rules.set(tenantId, tenantRules);
        const awards = thresholdAwards(tenantRules, counters[index]);
        if (step.week !== null) {
          const key = advocateKey(tenantId, employeeId);
          const known = weeks.get(key) ?? [];
          const seen = known.includes(step.week)
            ? known
            : [...known, step.week].sort().reverse().slice(0, 300);
          weeks.set(key, seen);
          awards.push(...streakAwards(tenantRules, seen));
        }
        for (const award of awards) {
          const candidate = { tenantId, employeeId, award };
          const key = awardKey(candidate);
          if (!candidates.has(key)) candidates.set(key, candidate);
        }
      }
      won.push(...(await this.grantMany(manager, [...candidates.values()])));
    });
    await this.announce(won);
  }

  /** What one event adds to its advocate's counters (and the share week), or null if nothing. */
  private async stepOf(envelope: AnyEnvelope): Promise<(CounterStep & { week: string | null }) | null> {
    const { tenantId } = envelope;
    switch (envelope.type) {
      case 'share.recorded': {
        const { employeeId } = envelope.payload;
        const calendar = await this.tenants.calendar(tenantId);
        const week = weekBucketOf(new Date(envelope.occurredAt), calendar);
        return { tenantId, employeeId, delta: { ...NOTHING, shares: 1 }, week };
      }
      case 'link.clicked': {
        const { employeeId, unique, human } = envelope.payload;
        if (!unique || !human) return null;
        return { tenantId, employeeId, delta: { ...NOTHING, humanClicks: 1 }, week: null };
      }
      case 'points.awarded': {
        const { employeeId, points } = envelope.payload;
        return { tenantId, employeeId, delta: { ...NOTHING, points }, week: null };
      }
      default:
        return null;
    }
  }

  /** Records the new awards in one insert and emits their `badge.awarded` events, in the given order. */
  private async grantMany(manager: EntityManager, candidates: readonly Won[]): Promise<Won[]> {
    if (candidates.length === 0) return [];
    const now = this.clock.now();
    const fresh = await this.badges.awardMany(manager, candidates, now);
    const granted = candidates.filter((candidate) => fresh.has(awardKey(candidate)));
    await this.outbox.addMany(
      manager,
      granted.map(({ tenantId, employeeId, award }) => ({
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
      })),
    );
    return granted;
  }

  /** Records the award once and emits `badge.awarded` in the same transaction. */
  async grant(manager: EntityManager, tenantId: string, employeeId: string, award: Award): Promise<boolean> {
    const granted = await this.grantMany(manager, [{ tenantId, employeeId, award }]);
    return granted.length === 1;
  }

  /** Tells live widgets after the commit; a crash in between loses a toast, never a badge. */
  async announce(won: readonly Won[]): Promise<void> {
    await this.store.publishMany(
      won.map(({ tenantId, employeeId, award }) => ({
        tenantId,
        message: {
          kind: 'badge',
          employeeId,
          badgeId: award.badgeId,
          level: award.level,
          name: award.name,
          reason: award.reason,
        } satisfies LiveMessage,
      })),
    );
  }

  list(tenantId: string, employeeId: string): Promise<AwardedBadge[]> {
    return this.badges.awards(tenantId, employeeId);
  }

  rules(tenantId: string): Promise<BadgeRules> {
    return this.badges.rules(tenantId);
  }

  async setRules(tenantId: string, rules: BadgeRules, savedBy: string): Promise<BadgeRules> {
    await this.badges.setRules(tenantId, rules, this.clock.now(), savedBy);
    return rules;
  }

  async ruleVersions(tenantId: string): Promise<BadgeRulesVersions> {
    const rows = await this.badges.ruleVersions(tenantId, 100);
    return {
      items: rows.map((row) => ({
        version: row.version,
        savedAt: row.savedAt.toISOString(),
        savedBy: row.savedBy,
        rules: row.rules,
      })),
    };
  }
}
