import { HeroBasis, HeroNumbers, HeroRule } from '@advocacy/contracts';
import { DateTime } from 'luxon';

const DAY_MS = 24 * 3600 * 1000;

/** One advocate's activity over the rule's window. */
export interface Standing {
  employeeId: string;
  teamId: string | null;
  points: number;
  shares: number;
}

export interface Verdict {
  numbers: HeroNumbers;
  meets: boolean;
  /** Which criterion holds ("150 points in the last 30 days"), or what is missing. */
  explanation: string;
}

/** The first and last UTC day (`YYYY-MM-DD`) of a window of `windowDays` ending on the day of `now`. */
export function windowDays(now: Date, days: number): { from: string; to: string } {
  const today = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('day');
  return { from: today.minus({ days: days - 1 }).toISODate() ?? '', to: today.toISODate() ?? '' };
}

/** The UTC day of an instant, the bucket of the activity projection. */
export const utcDay = (instant: Date): string =>
  DateTime.fromJSDate(instant, { zone: 'utc' }).toISODate() ?? '';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * Rank of every advocate inside their team: more points first, then more shares, then the smaller
 * employee id, so equal inputs always give the same order. Advocates without a team get null.
 */
export function teamRanks(standings: readonly Standing[]): Map<string, number | null> {
  const byTeam = new Map<string, Standing[]>();
  const ranks = new Map<string, number | null>();
  for (const standing of standings) {
    if (standing.teamId === null) {
      ranks.set(standing.employeeId, null);
      continue;
    }
    const members = byTeam.get(standing.teamId) ?? [];
    members.push(standing);
    byTeam.set(standing.teamId, members);
  }
  for (const members of byTeam.values()) {
    members
      .sort(
        (a, b) =>
          b.points - a.points ||
          b.shares - a.shares ||
          (a.employeeId < b.employeeId ? -1 : a.employeeId > b.employeeId ? 1 : 0),
      )
      .forEach((member, index) => ranks.set(member.employeeId, index + 1));
  }
  return ranks;
}

/** Whether each advocate meets the tenant's rule, with the numbers and the words for it. */
export function judge(rule: HeroRule, standings: readonly Standing[]): Map<string, Verdict> {
  const ranks = teamRanks(standings);
  const verdicts = new Map<string, Verdict>();
  const window = `in the last ${plural(rule.windowDays, 'day')}`;
  for (const standing of standings) {
    const teamRank = ranks.get(standing.employeeId) ?? null;
    const numbers: HeroNumbers = {
      windowDays: rule.windowDays,
      points: standing.points,
      shares: standing.shares,
      teamRank,
    };
    const holds: string[] = [];
    const missing: string[] = [];
    if (rule.minPoints !== null) {
      if (standing.points >= rule.minPoints) holds.push(`${plural(standing.points, 'point')} ${window}`);
      else missing.push(`${plural(rule.minPoints - standing.points, 'more point')}`);
    }
    if (rule.minShares !== null) {
      if (standing.shares >= rule.minShares) holds.push(`${plural(standing.shares, 'share')} ${window}`);
      else missing.push(`${plural(rule.minShares - standing.shares, 'more share')}`);
    }
    if (rule.topPerTeam > 0 && teamRank !== null) {
      if (teamRank <= rule.topPerTeam && standing.points > 0)
        holds.push(`rank ${teamRank} of team ${standing.teamId ?? ''} ${window}`);
      else missing.push(`a place in the top ${rule.topPerTeam} of your team`);
    }
    const meets = rule.enabled && holds.length > 0;
    const explanation = !rule.enabled
      ? 'automatic HERO status is switched off; an admin can nominate HEROs'
      : meets
        ? holds.join('; ')
        : missing.length > 0
          ? `${missing.join(' or ')} ${window}`
          : 'no criterion is switched on; an admin can nominate HEROs';
    verdicts.set(standing.employeeId, { numbers, meets, explanation });
  }
  return verdicts;
}

/** What the programme knows about one advocate's HERO status. */
export interface HeroState {
  status: 'none' | 'active' | 'lapsed';
  basis: HeroBasis | null;
  /** Since when a rule HERO has been below the rule (grace running). */
  belowSince: Date | null;
  /** When an admin last removed them: the rule waits a full window before qualifying them again. */
  removedAt: Date | null;
}

export type HeroStep =
  | { action: 'none' }
  | { action: 'qualify'; reason: string }
  | { action: 'at-risk'; graceUntil: Date }
  | { action: 'recover' }
  | { action: 'lapse'; reason: string };

/**
 * One evaluation of the rolling rule for one advocate. A rule HERO below the rule enters a grace
 * period (`at-risk`), recovers when they meet it again in time, and lapses once `graceDays` have
 * passed; nominated HEROs are left alone (only an admin removes them). A removal is not undone by the
 * next evaluation: the rule may qualify the advocate again only a full window after it.
 */
export function heroStep(state: HeroState, verdict: Verdict, rule: HeroRule, now: Date): HeroStep {
  if (state.status === 'active') {
    if (state.basis === 'nominated') return { action: 'none' };
    if (verdict.meets) return state.belowSince ? { action: 'recover' } : { action: 'none' };
    if (state.belowSince === null) {
      return rule.graceDays === 0
        ? { action: 'lapse', reason: `below the HERO rule: ${verdict.explanation}` }
        : { action: 'at-risk', graceUntil: new Date(now.getTime() + rule.graceDays * DAY_MS) };
    }
    const graceEnd = state.belowSince.getTime() + rule.graceDays * DAY_MS;
    return now.getTime() >= graceEnd
      ? {
          action: 'lapse',
          reason: `below the HERO rule for ${plural(rule.graceDays, 'day')}: ${verdict.explanation}`,
        }
      : { action: 'none' };
  }
  if (!verdict.meets) return { action: 'none' };
  if (state.removedAt && now.getTime() < state.removedAt.getTime() + rule.windowDays * DAY_MS) {
    return { action: 'none' };
  }
  return { action: 'qualify', reason: verdict.explanation };
}

/** When the grace of a rule HERO below the rule ends, or null. */
export const graceUntil = (belowSince: Date | null, rule: HeroRule): Date | null =>
  belowSince ? new Date(belowSince.getTime() + rule.graceDays * DAY_MS) : null;
