import { Injectable } from '@nestjs/common';
import { AnyEnvelope } from '@advocacy/contracts';
import { AnyNewEvent, Inbox, OutboxWriter, TenantSettingsProjection } from '@advocacy/messaging';
import { IdGenerator, localDayOf, TenantCalendar } from '@advocacy/platform';
import { DataSource, EntityManager } from 'typeorm';
import { RulesRepository, StoredRules } from '../rules/rules.repository';
import { DEFAULT_RULES } from '../rules/rules.service';
import { LedgerEntry, LedgerRepository } from './ledger.repository';
import { levelReached } from './levels';
import { contentIdOf, employeeOf, Projections, toFact } from './points.facts';
import { RuleSet, ruleSetAt, ScoringFact, scoreEvent, ScoringState } from './points.rules';
import { ProjectionsRepository } from './projections.repository';
import { DayWindow, ScoringStateRepository, SlotRef, SubjectRef } from './scoring-state.repository';

export const CONSUMER = 'scoring.points';
const DEFAULT_SET: RuleSet = { version: 0, rules: DEFAULT_RULES };

/**
 * Turns source events into ledger entries. One transaction per batch: the inbox claim, projection
 * updates, the ledger rows and their `points.awarded` events commit together, so a redelivered batch
 * adds nothing. The state the rules need is read in bulk, once per kind, and kept in memory while
 * the batch is scored in order.
 */
@Injectable()
export class PointsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: Inbox,
    private readonly ledger: LedgerRepository,
    private readonly state: ScoringStateRepository,
    private readonly projections: ProjectionsRepository,
    private readonly rules: RulesRepository,
    private readonly outbox: OutboxWriter,
    private readonly ids: IdGenerator,
    private readonly tenants: TenantSettingsProjection,
  ) {}

  async apply(envelopes: readonly AnyEnvelope[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const fresh = await this.inbox.claim(manager, CONSUMER, envelopes);
      if (fresh.length === 0) return;
      await this.projections.apply(manager, fresh);
      const { entries, versions } = await this.score(manager, fresh);
      const appended = await this.ledger.append(manager, entries);
      const levels = await this.levelsReached(manager, appended, versions);
      await this.outbox.addMany(manager, [...appended.map(awardedEvent), ...levels]);
    });
  }

  /**
   * `points.level-reached` for every employee whose all-time total crossed into a higher level with
   * this batch (the employees are locked by `score`, so totals cannot move under us). The levels are
   * those of the tenant's rule set in force at the last entry, from the versions `score` read (an
   * entry's tenant is always one of the batch's).
   */
  private async levelsReached(
    manager: EntityManager,
    appended: readonly LedgerEntry[],
    versions: ReadonlyMap<string, StoredRules[]>,
  ): Promise<AnyNewEvent[]> {
    const moved = new Map<
      string,
      { tenantId: string; employeeId: string; delta: number; last: LedgerEntry }
    >();
    for (const entry of appended) {
      if (entry.points === 0) continue;
      const key = `${entry.tenantId}\u0000${entry.employeeId}`;
      const seen = moved.get(key);
      moved.set(key, {
        tenantId: entry.tenantId,
        employeeId: entry.employeeId,
        delta: (seen?.delta ?? 0) + entry.points,
        last: entry,
      });
    }
    if (moved.size === 0) return [];
    const people = [...moved.values()];
    const totals = await this.ledger.allTimeTotals(manager, people);
    const events: AnyNewEvent[] = [];
    for (const person of people) {
      const after = totals.get(`${person.tenantId}\u0000${person.employeeId}`) ?? 0;
      const set = ruleSetAt(
        versions.get(person.tenantId) ?? [],
        new Date(person.last.occurredAt),
        DEFAULT_SET,
      );
      const level = levelReached(after - person.delta, after, set.rules.levels);
      if (!level) continue;
      events.push({
        type: 'points.level-reached',
        tenantId: person.tenantId,
        subject: person.employeeId,
        occurredAt: person.last.occurredAt,
        payload: {
          employeeId: person.employeeId,
          level: level.number,
          name: level.name,
          minPoints: level.minPoints,
          total: after,
          entryId: person.last.entryId,
        },
      });
    }
    return events;
  }

  private async score(
    manager: EntityManager,
    envelopes: readonly AnyEnvelope[],
  ): Promise<{ entries: LedgerEntry[]; versions: Map<string, StoredRules[]> }> {
    const scorable = envelopes.filter(
      (envelope) =>
        employeeOf(envelope) !== null &&
        (envelope.type !== 'content.published' || envelope.payload.submittedBy),
    );
    if (scorable.length === 0) return { entries: [], versions: new Map() };

    const employees = unique(scorable.map((e) => ({ tenantId: e.tenantId, id: employeeOf(e) as string })));
    await this.state.lockEmployees(
      manager,
      employees.map((ref) => `${ref.tenantId}:${ref.id}`),
    );
    const contentRefs = unique(
      scorable.flatMap((e) => {
        const id = contentIdOf(e);
        return id ? [{ tenantId: e.tenantId, id }] : [];
      }),
    );
    const versions = await this.rules.versions(
      manager,
      scorable.map((e) => e.tenantId),
    );
    const projections: Projections = {
      advocates: await this.state.advocates(manager, employees),
      content: await this.state.content(manager, contentRefs),
    };

    const calendars = new Map<string, TenantCalendar>();
    for (const tenantId of new Set(scorable.map((e) => e.tenantId))) {
      calendars.set(tenantId, await this.tenants.get(tenantId));
    }

    const facts: { fact: ScoringFact; set: RuleSet; calendar: TenantCalendar }[] = [];
    for (const envelope of scorable) {
      const fact = toFact(envelope, projections);
      if (!fact) continue;
      const stored = versions.get(fact.tenantId) ?? [];
      const calendar = calendars.get(fact.tenantId) as TenantCalendar;
      facts.push({ fact, set: ruleSetAt(stored, fact.occurredAt, DEFAULT_SET), calendar });
    }

    const daily: DayWindow[] = [];
    const clicks: DayWindow[] = [];
    const subjects: SubjectRef[] = [];
    const slots: SlotRef[] = [];
    const withdrawn: { tenantId: string; shareId: string }[] = [];
    for (const { fact, calendar } of facts) {
      const { day, start, end } = localDayOf(fact.occurredAt, calendar);
      const window = (id: string): DayWindow => ({ tenantId: fact.tenantId, id, day, start, end });
      switch (fact.kind) {
        case 'share':
          daily.push(window(fact.employeeId));
          subjects.push({ tenantId: fact.tenantId, rule: 'share', subjectId: fact.shareId });
          slots.push({
            tenantId: fact.tenantId,
            employeeId: fact.employeeId,
            contentId: fact.contentId,
            network: fact.network,
          });
          break;
        case 'share_withdrawn':
          subjects.push({ tenantId: fact.tenantId, rule: 'share', subjectId: fact.shareId });
          withdrawn.push({ tenantId: fact.tenantId, shareId: fact.shareId });
          break;
        case 'click':
          daily.push(window(fact.employeeId));
          clicks.push(window(fact.shareId));
          subjects.push({ tenantId: fact.tenantId, rule: 'click', subjectId: fact.clickId });
          break;
        case 'click_flagged':
          subjects.push({ tenantId: fact.tenantId, rule: 'click', subjectId: fact.clickId });
          break;
        case 'engagement':
          daily.push(window(fact.employeeId));
          break;
        case 'proposal_approved':
          subjects.push({ tenantId: fact.tenantId, rule: 'proposal', subjectId: fact.contentId });
          break;
        case 'invite_credit':
          subjects.push({ tenantId: fact.tenantId, rule: 'invite', subjectId: fact.inviteeId });
          break;
      }
    }
    const state: ScoringState = {
      dailyPoints: await this.state.dailyPoints(
        manager,
        uniqueBy(daily, (w) => `${w.tenantId}|${w.id}|${w.day}`),
      ),
      clickPoints: await this.state.clickPoints(
        manager,
        uniqueBy(clicks, (w) => `${w.tenantId}|${w.id}|${w.day}`),
      ),
      entries: await this.state.entries(
        manager,
        uniqueBy(subjects, (s) => `${s.tenantId}|${s.rule}|${s.subjectId}`),
      ),
      shareSlots: await this.state.shareSlots(
        manager,
        uniqueBy(slots, (s) => `${s.tenantId}|${s.employeeId}|${s.contentId}|${s.network}`),
      ),
      changedSlots: new Set(),
    };
    const newId = () => this.ids.next();
    const entries = facts.flatMap(({ fact, set, calendar }) => scoreEvent(fact, set, calendar, state, newId));
    await this.state.saveShareSlots(manager, withdrawn, state.shareSlots, state.changedSlots);
    return { entries, versions };
  }
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

const unique = (refs: readonly { tenantId: string; id: string }[]) =>
  uniqueBy(refs, (r) => `${r.tenantId}|${r.id}`);

/** The `points.awarded` event of a ledger entry. */
export function awardedEvent(entry: LedgerEntry): AnyNewEvent {
  return {
    type: 'points.awarded',
    tenantId: entry.tenantId,
    subject: entry.employeeId,
    occurredAt: entry.occurredAt,
    payload: {
      entryId: entry.entryId,
      employeeId: entry.employeeId,
      teamId: entry.teamId,
      campaignId: entry.campaignId,
      points: entry.points,
      reason: entry.reason,
      explanation: entry.explanation.slice(0, 500),
      sourceEventId: entry.sourceEventId,
      ruleVersion: entry.ruleVersion,
      reverses: entry.reverses,
      occurredAt: entry.occurredAt,
    },
  };
}
