import {
  AnalyticsGroupBy,
  ENGAGEMENT_KINDS,
  EmvSettings,
  EngagementKind,
  Network,
} from '@advocacy/contracts';
import { emvOf, roundMoney } from './emv.rules';

/** What a share contributes to a group: its attributes, and the day the fact happened. */
export interface ShareAttributes {
  shareId: string;
  employeeId: string;
  teamId: string | null;
  contentId: string;
  campaignId: string | null;
  network: Network;
}

export interface ShareFact extends ShareAttributes {
  day: string;
  /** the sharer's followers on the network, from their profile */
  followers: number;
  /** the share has impression observations; without any, its impressions are estimated as followers */
  hasImpressions: boolean;
}

export interface ClickFact extends ShareAttributes {
  day: string;
  humanClicks: number;
  uniqueClicks: number;
  botClicks: number;
}

export interface EngagementFact extends ShareAttributes {
  day: string;
  kind: EngagementKind;
  count: number;
}

export interface Facts {
  shares: ShareFact[];
  clicks: ClickFact[];
  engagements: EngagementFact[];
}

export interface Figures {
  shares: number;
  clicks: number;
  uniqueClicks: number;
  botClicks: number;
  engagements: Record<EngagementKind, number>;
  reactions: number;
  impressions: number;
  estimatedImpressions: number;
  potentialReach: number;
  emv: number;
}

interface NetworkTally {
  impressions: number;
  uniqueClicks: number;
  reactions: number;
}

class Tally {
  readonly figures: Figures = {
    shares: 0,
    clicks: 0,
    uniqueClicks: 0,
    botClicks: 0,
    engagements: Object.fromEntries(ENGAGEMENT_KINDS.map((kind) => [kind, 0])) as Record<
      EngagementKind,
      number
    >,
    reactions: 0,
    impressions: 0,
    estimatedImpressions: 0,
    potentialReach: 0,
    emv: 0,
  };
  private readonly byNetwork = new Map<Network, NetworkTally>();

  network(network: Network): NetworkTally {
    let tally = this.byNetwork.get(network);
    if (!tally) {
      tally = { impressions: 0, uniqueClicks: 0, reactions: 0 };
      this.byNetwork.set(network, tally);
    }
    return tally;
  }

  finish(settings: EmvSettings): Figures {
    let emv = 0;
    for (const [network, tally] of this.byNetwork) emv += emvOf(settings, network, tally);
    return { ...this.figures, emv: roundMoney(emv) };
  }
}

const NONE = '(none)';

export function groupKeyOf(fact: ShareAttributes & { day: string }, groupBy: AnalyticsGroupBy): string {
  switch (groupBy) {
    case 'employee':
      return fact.employeeId;
    case 'team':
      return fact.teamId ?? NONE;
    case 'content':
      return fact.contentId;
    case 'campaign':
      return fact.campaignId ?? NONE;
    case 'network':
      return fact.network;
    case 'day':
      return fact.day;
  }
}

/**
 * Adds up shares, clicks and engagement, overall and per group. Potential reach is followers × shares;
 * impressions are the observed `impression` engagement, plus the followers of each share that has no
 * impression observation at all (an estimate, reported separately as estimatedImpressions).
 */
export function summarize(
  facts: Facts,
  settings: EmvSettings,
  groupBy?: AnalyticsGroupBy,
): { totals: Figures; groups: ({ key: string } & Figures)[] } {
  const total = new Tally();
  const groups = new Map<string, Tally>();
  const tallies = (fact: ShareAttributes & { day: string }): Tally[] => {
    if (!groupBy) return [total];
    const key = groupKeyOf(fact, groupBy);
    let group = groups.get(key);
    if (!group) {
      group = new Tally();
      groups.set(key, group);
    }
    return [total, group];
  };

  for (const share of facts.shares) {
    for (const tally of tallies(share)) {
      tally.figures.shares += 1;
      tally.figures.potentialReach += share.followers;
      if (!share.hasImpressions) {
        tally.figures.impressions += share.followers;
        tally.figures.estimatedImpressions += share.followers;
        tally.network(share.network).impressions += share.followers;
      }
    }
  }
  for (const click of facts.clicks) {
    for (const tally of tallies(click)) {
      tally.figures.clicks += click.humanClicks;
      tally.figures.uniqueClicks += click.uniqueClicks;
      tally.figures.botClicks += click.botClicks;
      tally.network(click.network).uniqueClicks += click.uniqueClicks;
    }
  }
  for (const engagement of facts.engagements) {
    for (const tally of tallies(engagement)) {
      tally.figures.engagements[engagement.kind] += engagement.count;
      const network = tally.network(engagement.network);
      if (engagement.kind === 'impression') {
        tally.figures.impressions += engagement.count;
        network.impressions += engagement.count;
      } else {
        tally.figures.reactions += engagement.count;
        network.reactions += engagement.count;
      }
    }
  }
  return {
    totals: total.finish(settings),
    groups: [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, tally]) => ({ key, ...tally.finish(settings) })),
  };
}

export interface Participation {
  employeesWithShares: number;
  employeesWithProfile: number;
  /** null when nobody in scope has a profile */
  rate: number | null;
}

export function participationOf(shares: readonly ShareFact[], profiles: number): Participation {
  const active = new Set(shares.map((share) => share.employeeId)).size;
  return {
    employeesWithShares: active,
    employeesWithProfile: profiles,
    rate: profiles > 0 ? Math.round((active / profiles) * 10000) / 10000 : null,
  };
}

export interface Comparison {
  baseline: number;
  current: number;
  difference: number;
  /** null when the baseline is 0 */
  percentChange: number | null;
}

/** Current figures against the baseline's, metric by metric, for the metrics the baseline has. */
export function compareWithBaseline(
  baseline: Readonly<Record<string, number | undefined>>,
  current: Readonly<Record<string, number>>,
): Record<string, Comparison> {
  const result: Record<string, Comparison> = {};
  for (const [metric, before] of Object.entries(baseline)) {
    if (before === undefined || current[metric] === undefined) continue;
    const now = current[metric];
    const difference = Math.round((now - before) * 10000) / 10000;
    result[metric] = {
      baseline: before,
      current: now,
      difference,
      percentChange: before === 0 ? null : Math.round(((now - before) / before) * 1000) / 10,
    };
  }
  return result;
}
