import { EngagementKind, Network, ScoringRules } from '@advocacy/contracts';
import { localDayOf, TenantCalendar } from '@advocacy/platform';

/** The rules in effect for one event: the tenant's document and the version that produced it. */
export interface RuleSet {
  version: number;
  rules: ScoringRules;
}

interface FactBase {
  tenantId: string;
  employeeId: string;
  teamId: string | null;
  /** Envelope id of the source event. */
  eventId: string;
  occurredAt: Date;
  /** The directory deactivated the advocate (`advocate.v1`): their actions are recorded at 0. */
  inactive?: boolean;
}

/** A campaign the action belongs to, with the content's shareable window when known. */
export interface CampaignFact {
  campaignId: string;
  from: Date | null;
  until: Date | null;
}

export type ScoringFact =
  | (FactBase & {
      kind: 'share';
      shareId: string;
      contentId: string;
      network: Network;
      contentTitle: string | null;
      contentPublishedAt: Date | null;
      campaign: CampaignFact | null;
    })
  | (FactBase & { kind: 'share_withdrawn'; shareId: string })
  | (FactBase & {
      kind: 'click';
      clickId: string;
      shareId: string;
      network: Network;
      unique: boolean;
      human: boolean;
      campaign: CampaignFact | null;
    })
  | (FactBase & { kind: 'click_flagged'; clickId: string; reason: string })
  | (FactBase & {
      kind: 'engagement';
      shareId: string;
      engagement: EngagementKind;
      count: number;
      campaign: CampaignFact | null;
    })
  | (FactBase & { kind: 'proposal_approved'; contentId: string; contentTitle: string })
  /** An accepted invitee's first share: the inviter (`employeeId`) earns the invite credit. */
  | (FactBase & { kind: 'invite_credit'; inviteeId: string; inviteeName: string | null });

/** An entry as the engine decides it; the service adds tenant-independent columns and stores it. */
export interface LedgerDraft {
  entryId: string;
  tenantId: string;
  employeeId: string;
  teamId: string | null;
  campaignId: string | null;
  points: number;
  reason: string;
  explanation: string;
  rule: string;
  ruleVersion: number;
  sourceEventId: string;
  reverses: string | null;
  occurredAt: string;
  subjectId: string | null;
  shareId: string | null;
  createdBy: string | null;
}

/** An entry the engine may reverse: the share's own entry, a click's entry. */
export interface ReversibleEntry {
  entryId: string;
  employeeId: string;
  teamId: string | null;
  campaignId: string | null;
  points: number;
  reversed: boolean;
}

/**
 * What the engine needs to know about the past, loaded in bulk per batch and updated in memory as
 * the batch is scored in order. Keys come from the helpers below.
 */
export interface ScoringState {
  /** Points counted towards the daily cap, per tenant|employee|local day. */
  dailyPoints: Map<string, number>;
  /** Click points per tenant|share|local day. */
  clickPoints: Map<string, number>;
  /**
   * Entries by tenant|rule|subject (share id for shares, click id for clicks, content id for
   * proposals, invitee id for invite credits).
   */
  entries: Map<string, ReversibleEntry>;
  /**
   * The scoring share per tenant|employee|content|network (null: none, or freed by a withdrawal);
   * `changedSlots` names the keys the batch changed, for the service to store.
   */
  shareSlots: Map<string, ShareSlot | null>;
  changedSlots: Set<string>;
}

/** The share that holds an employee's scoring slot for one content and network. */
export interface ShareSlot {
  shareId: string;
  at: Date;
}

export const emptyState = (): ScoringState => ({
  dailyPoints: new Map(),
  clickPoints: new Map(),
  entries: new Map(),
  shareSlots: new Map(),
  changedSlots: new Set(),
});

/** Rules whose points count towards the daily cap. */
export const CAPPED_RULES = ['share', 'click', 'engagement'] as const;

/** The tenant-local date of an instant, the key of the daily caps. */
/** The tenant-local day of an instant (the tenant's settings, projected from `tenant.v1`). */
export const localDay = (instant: Date, calendar: TenantCalendar): string =>
  localDayOf(instant, calendar).day;

export const dailyKey = (tenantId: string, employeeId: string, day: string) =>
  `${tenantId}|${employeeId}|${day}`;
export const clickKey = (tenantId: string, shareId: string, day: string) => `${tenantId}|${shareId}|${day}`;
export const entryKey = (tenantId: string, rule: string, subjectId: string) =>
  `${tenantId}|${rule}|${subjectId}`;
export const slotKey = (tenantId: string, employeeId: string, contentId: string, network: string) =>
  `${tenantId}|${employeeId}|${contentId}|${network}`;

const NETWORK_NAMES: Record<Network, string> = {
  linkedin: 'LinkedIn',
  x: 'X',
  facebook: 'Facebook',
  instagram: 'Instagram',
  xing: 'XING',
};

interface Multiplier {
  factor: number;
  label: string;
}

/** `10 × 1.5 early bird = 15`, or just `10` when nothing multiplies. */
function formula(terms: number[], multipliers: readonly Multiplier[], result: number): string {
  const parts = [...terms.map(String), ...multipliers.map((m) => `${m.factor} ${m.label}`)];
  return parts.length > 1 ? `${parts.join(' × ')} = ${result}` : String(result);
}

function inWindow(at: Date, campaign: CampaignFact): boolean {
  return (!campaign.from || at >= campaign.from) && (!campaign.until || at <= campaign.until);
}

function commonMultipliers(fact: FactBase, campaign: CampaignFact | null, rules: ScoringRules): Multiplier[] {
  const multipliers: Multiplier[] = [];
  // Own keys only: a campaign named `constructor` must not find Object's.
  if (
    campaign &&
    inWindow(fact.occurredAt, campaign) &&
    Object.hasOwn(rules.campaignMultipliers, campaign.campaignId)
  ) {
    const factor = rules.campaignMultipliers[campaign.campaignId];
    if (factor !== 1) multipliers.push({ factor, label: `campaign ${campaign.campaignId}` });
  }
  return multipliers;
}

/** `7 days` for whole days, else hours. */
const windowText = (hours: number) =>
  hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hour${hours === 1 ? '' : 's'}`;

/**
 * A share repeats when the same employee already holds the slot for this content and network, taken
 * within the tenant's window. Returns the earlier share's time, or null when this share may score
 * (and then takes the slot).
 */
function repeatOf(
  fact: Extract<ScoringFact, { kind: 'share' }>,
  rules: ScoringRules,
  state: ScoringState,
): Date | null {
  const hours = rules.repeatShareWindowHours;
  if (hours === 0) return null;
  const key = slotKey(fact.tenantId, fact.employeeId, fact.contentId, fact.network);
  const slot = state.shareSlots.get(key);
  const since = slot ? fact.occurredAt.getTime() - slot.at.getTime() : Infinity;
  if (slot && since >= 0 && since < hours * 3_600_000) return slot.at;
  state.shareSlots.set(key, { shareId: fact.shareId, at: fact.occurredAt });
  state.changedSlots.add(key);
  return null;
}

/** A withdrawn share gives its slot back, so sharing the content again later can score. */
function freeSlot(shareId: string, state: ScoringState): void {
  for (const [key, slot] of state.shareSlots) {
    if (slot?.shareId !== shareId) continue;
    state.shareSlots.set(key, null);
    state.changedSlots.add(key);
  }
}

const product = (multipliers: readonly Multiplier[]) => multipliers.reduce((acc, m) => acc * m.factor, 1);

function draft(fact: FactBase, set: RuleSet, newId: () => string, fields: Partial<LedgerDraft>): LedgerDraft {
  return {
    entryId: newId(),
    tenantId: fact.tenantId,
    employeeId: fact.employeeId,
    teamId: fact.teamId,
    campaignId: null,
    points: 0,
    reason: '',
    explanation: '',
    rule: '',
    ruleVersion: set.version,
    sourceEventId: fact.eventId,
    reverses: null,
    occurredAt: fact.occurredAt.toISOString(),
    subjectId: null,
    shareId: null,
    createdBy: null,
    ...fields,
  };
}

/**
 * Applies the daily cap to an award: a partial award up to the cap, or 0 with reason `daily_cap`
 * once the cap is reached. Returns points, reason and explanation.
 */
function capped(
  fact: FactBase,
  rules: ScoringRules,
  calendar: TenantCalendar,
  state: ScoringState,
  points: number,
  reason: string,
  explanation: string,
): { points: number; reason: string; explanation: string } {
  const key = dailyKey(fact.tenantId, fact.employeeId, localDay(fact.occurredAt, calendar));
  const before = state.dailyPoints.get(key) ?? 0;
  const cap = rules.dailyCap;
  let award = points;
  let result = { points, reason, explanation };
  if (cap !== null && before + points > cap) {
    award = Math.max(0, cap - before);
    result =
      award === 0
        ? { points: 0, reason: 'daily_cap', explanation: `Daily cap of ${cap} reached: 0` }
        : {
            points: award,
            reason,
            explanation: `${explanation}, capped at the daily cap of ${cap}: ${award}`,
          };
  }
  state.dailyPoints.set(key, before + award);
  return result;
}

function reverse(
  fact: FactBase,
  set: RuleSet,
  state: ScoringState,
  newId: () => string,
  target: ReversibleEntry | undefined,
  rule: string,
  reason: string,
  label: string,
): LedgerDraft[] {
  if (!target || target.reversed || target.points === 0) return [];
  target.reversed = true;
  return [
    draft(fact, set, newId, {
      employeeId: target.employeeId,
      teamId: target.teamId,
      campaignId: target.campaignId,
      points: -target.points,
      reason,
      explanation: `${label}: ${-target.points}`,
      rule,
      reverses: target.entryId,
    }),
  ];
}

/** Keeps an entry in the batch state so a later reversal in the same batch can point at it. */
function remember<E extends ReturnType<typeof draft>>(state: ScoringState, key: string, entry: E): E {
  state.entries.set(key, {
    entryId: entry.entryId,
    employeeId: entry.employeeId,
    teamId: entry.teamId,
    campaignId: entry.campaignId,
    points: entry.points,
    reversed: false,
  });
  return entry;
}

export const DEACTIVATED_EXPLANATION = 'Not scored: deactivated in the company directory: 0';

/**
 * A deactivated advocate's share, click, engagement or approved proposal: one entry of 0 with the
 * reason, once per subject, so the ledger shows why nothing was awarded. Reversals (a withdrawn
 * share, a flagged click) still apply to what was awarded before. Null: not an awarding fact.
 */
function notScored(
  fact: ScoringFact,
  set: RuleSet,
  state: ScoringState,
  newId: () => string,
): LedgerDraft[] | null {
  const zero = { points: 0, reason: 'deactivated', explanation: DEACTIVATED_EXPLANATION };
  switch (fact.kind) {
    case 'share': {
      const key = entryKey(fact.tenantId, 'share', fact.shareId);
      if (state.entries.has(key)) return [];
      const entry = draft(fact, set, newId, {
        ...zero,
        rule: 'share',
        subjectId: fact.shareId,
        shareId: fact.shareId,
      });
      return [remember(state, key, entry)];
    }
    case 'click': {
      const key = entryKey(fact.tenantId, 'click', fact.clickId);
      if (state.entries.has(key)) return [];
      const entry = draft(fact, set, newId, {
        ...zero,
        rule: 'click',
        subjectId: fact.clickId,
        shareId: fact.shareId,
      });
      return [remember(state, key, entry)];
    }
    case 'engagement':
      return [draft(fact, set, newId, { ...zero, rule: 'engagement', shareId: fact.shareId })];
    case 'proposal_approved': {
      const key = entryKey(fact.tenantId, 'proposal', fact.contentId);
      if (state.entries.has(key)) return [];
      return [
        remember(
          state,
          key,
          draft(fact, set, newId, { ...zero, rule: 'proposal', subjectId: fact.contentId }),
        ),
      ];
    }
    case 'invite_credit': {
      const key = entryKey(fact.tenantId, 'invite', fact.inviteeId);
      if (state.entries.has(key)) return [];
      return [
        remember(state, key, draft(fact, set, newId, { ...zero, rule: 'invite', subjectId: fact.inviteeId })),
      ];
    }
    case 'share_withdrawn':
    case 'click_flagged':
      return null;
  }
}

/**
 * Scores one source event against the rules in effect and the state so far, and updates the state
 * with what it decided. Events are scored in partition order, so the state is exact per employee.
 */
export function scoreEvent(
  fact: ScoringFact,
  set: RuleSet,
  calendar: TenantCalendar,
  state: ScoringState,
  newId: () => string,
): LedgerDraft[] {
  const { rules } = set;
  if (fact.inactive) {
    const entry = notScored(fact, set, state, newId);
    if (entry) return entry;
  }
  switch (fact.kind) {
    case 'share': {
      const key = entryKey(fact.tenantId, 'share', fact.shareId);
      if (state.entries.has(key)) return [];
      const network = NETWORK_NAMES[fact.network];
      const label = fact.contentTitle
        ? `Shared '${fact.contentTitle}' on ${network}`
        : `Shared on ${network}`;
      const override = rules.networks[fact.network];
      const base = override ? override.sharePoints : rules.sharePoints;
      let decided: { points: number; reason: string; explanation: string };
      const repeated = override?.note && base === 0 ? null : repeatOf(fact, rules, state);
      if (override?.note && base === 0) {
        decided = { points: 0, reason: 'network_policy', explanation: `${override.note}: 0` };
      } else if (repeated) {
        const on = repeated.toISOString().slice(0, 10);
        decided = {
          points: 0,
          reason: 'repeat_share',
          explanation: `${label} again: you already shared it on ${network} on ${on}, and a repeat within ${windowText(rules.repeatShareWindowHours)} scores 0`,
        };
      } else {
        const multipliers: Multiplier[] = [];
        const published = fact.contentPublishedAt;
        const sinceMs = published ? fact.occurredAt.getTime() - published.getTime() : -1;
        if (
          published &&
          sinceMs >= 0 &&
          sinceMs <= rules.earlyBird.withinHours * 3_600_000 &&
          rules.earlyBird.multiplier !== 1
        ) {
          multipliers.push({ factor: rules.earlyBird.multiplier, label: 'early bird' });
        }
        multipliers.push(...commonMultipliers(fact, fact.campaign, rules));
        const points = Math.round(base * product(multipliers));
        decided = capped(
          fact,
          rules,
          calendar,
          state,
          points,
          'share',
          `${label}: ${formula([base], multipliers, points)}`,
        );
      }
      const entry = draft(fact, set, newId, {
        ...decided,
        campaignId: fact.campaign?.campaignId ?? null,
        rule: 'share',
        subjectId: fact.shareId,
        shareId: fact.shareId,
      });
      return [remember(state, key, entry)];
    }
    case 'share_withdrawn':
      freeSlot(fact.shareId, state);
      return reverse(
        fact,
        set,
        state,
        newId,
        state.entries.get(entryKey(fact.tenantId, 'share', fact.shareId)),
        'share.reversal',
        'share_withdrawn',
        'Share withdrawn',
      );
    case 'click': {
      if (!fact.unique || !fact.human || rules.clickPoints === 0) return [];
      const key = entryKey(fact.tenantId, 'click', fact.clickId);
      if (state.entries.has(key)) return [];
      const multipliers = commonMultipliers(fact, fact.campaign, rules);
      const points = Math.round(rules.clickPoints * product(multipliers));
      const label = `Unique click on your ${NETWORK_NAMES[fact.network]} share`;
      const perShare = clickKey(fact.tenantId, fact.shareId, localDay(fact.occurredAt, calendar));
      const clicked = state.clickPoints.get(perShare) ?? 0;
      const room = Math.max(0, rules.clickCapPerSharePerDay - clicked);
      let decided: { points: number; reason: string; explanation: string };
      if (room === 0) {
        decided = {
          points: 0,
          reason: 'click_cap',
          explanation: `Click cap of ${rules.clickCapPerSharePerDay} per share per day reached: 0`,
        };
      } else {
        const award = Math.min(points, room);
        const explanation =
          award < points
            ? `${label}: ${formula([rules.clickPoints], multipliers, points)}, capped at ${rules.clickCapPerSharePerDay} per share per day: ${award}`
            : `${label}: ${formula([rules.clickPoints], multipliers, points)}`;
        decided = capped(fact, rules, calendar, state, award, 'click', explanation);
      }
      state.clickPoints.set(perShare, clicked + decided.points);
      const entry = draft(fact, set, newId, {
        ...decided,
        campaignId: fact.campaign?.campaignId ?? null,
        rule: 'click',
        subjectId: fact.clickId,
        shareId: fact.shareId,
      });
      return [remember(state, key, entry)];
    }
    case 'click_flagged':
      return reverse(
        fact,
        set,
        state,
        newId,
        state.entries.get(entryKey(fact.tenantId, 'click', fact.clickId)),
        'click.reversal',
        'click_flagged',
        `Click flagged as fraudulent (${fact.reason})`,
      );
    case 'engagement': {
      const per = rules.engagementPoints[fact.engagement];
      if (per === 0) return [];
      const multipliers = commonMultipliers(fact, fact.campaign, rules);
      const points = Math.round(fact.count * per * product(multipliers));
      const label = `${fact.count} ${fact.engagement}${fact.count === 1 ? '' : 's'} on your share`;
      const decided = capped(
        fact,
        rules,
        calendar,
        state,
        points,
        'engagement',
        `${label}: ${formula(fact.count === 1 ? [per] : [fact.count, per], multipliers, points)}`,
      );
      return [
        draft(fact, set, newId, {
          ...decided,
          campaignId: fact.campaign?.campaignId ?? null,
          rule: 'engagement',
          subjectId: fact.shareId,
          shareId: fact.shareId,
        }),
      ];
    }
    case 'proposal_approved': {
      const key = entryKey(fact.tenantId, 'proposal', fact.contentId);
      if (state.entries.has(key) || rules.proposalApprovedPoints === 0) return [];
      const points = rules.proposalApprovedPoints;
      const entry = draft(fact, set, newId, {
        points,
        reason: 'proposal_approved',
        explanation: `Your proposed content '${fact.contentTitle}' was approved: ${points}`,
        rule: 'proposal',
        subjectId: fact.contentId,
      });
      state.entries.set(key, {
        entryId: entry.entryId,
        employeeId: entry.employeeId,
        teamId: entry.teamId,
        campaignId: null,
        points,
        reversed: false,
      });
      return [entry];
    }
    case 'invite_credit': {
      // Once per invitee and tenant, whoever claims it; an invitation never credits its own sender.
      const key = entryKey(fact.tenantId, 'invite', fact.inviteeId);
      const points = rules.inviteCreditPoints;
      if (state.entries.has(key) || points === 0 || fact.inviteeId === fact.employeeId) return [];
      const entry = draft(fact, set, newId, {
        points,
        reason: 'invite_credit',
        explanation: `${fact.inviteeName ?? fact.inviteeId}, whom you invited, made their first share: ${points}`,
        rule: 'invite',
        subjectId: fact.inviteeId,
      });
      return [remember(state, key, entry)];
    }
  }
}

/** Picks the rule version in effect at an instant: the newest saved at or before it, else the defaults. */
export function ruleSetAt(
  versions: readonly (RuleSet & { effectiveFrom: Date })[],
  at: Date,
  defaults: RuleSet,
) {
  let chosen: RuleSet = defaults;
  for (const version of versions) {
    if (version.effectiveFrom <= at && version.version > chosen.version) chosen = version;
  }
  return chosen;
}
