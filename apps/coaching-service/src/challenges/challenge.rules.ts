import { ChallengeAudience, ChallengeMetric } from '@advocacy/contracts';

export interface ChallengeRule {
  id: string;
  metric: ChallengeMetric;
  target: number;
  startsAt: Date;
  endsAt: Date;
  audience: ChallengeAudience;
  campaignId: string | null;
}

/** One thing an advocate did, as far as challenges care. */
export interface Activity {
  employeeId: string;
  metric: ChallengeMetric;
  amount: number;
  occurredAt: Date;
  teamId: string | null;
  role: string | null;
  campaignId: string | null;
}

/** Whether the advocate is in the challenge's audience (everyone, one team, one role). */
export function inAudience(audience: ChallengeAudience, who: { teamId: string | null; role: string | null }) {
  switch (audience.kind) {
    case 'everyone':
      return true;
    case 'team':
      return who.teamId === audience.teamId;
    case 'role':
      return who.role !== null && who.role.toLowerCase() === audience.role.toLowerCase();
  }
}

/**
 * What one activity adds to one challenge: its amount when the metric matches, it happened inside
 * [startsAt, endsAt) by event time (a late delivery still counts, an early or late action does not),
 * the advocate is in the audience and, for a campaign challenge, it belongs to the campaign.
 */
export function contribution(challenge: ChallengeRule, activity: Activity): number {
  if (activity.metric !== challenge.metric) return 0;
  const at = activity.occurredAt.getTime();
  if (at < challenge.startsAt.getTime() || at >= challenge.endsAt.getTime()) return 0;
  if (!inAudience(challenge.audience, activity)) return 0;
  if (challenge.campaignId !== null && activity.campaignId !== challenge.campaignId) return 0;
  return activity.amount;
}

/** The goal is reached by this change: from below the target to at or above it (never twice). */
export const completes = (before: number, after: number, target: number): boolean =>
  before < target && after >= target;

/** Where an advocate stands in a challenge when it closes. */
export interface Contender {
  employeeId: string;
  progress: number;
  /** When the advocate reached that progress, by event time. */
  reachedAt: Date;
}

export interface Winner extends Contender {
  rank: number;
}

/**
 * The winners of a closed challenge: those who reached the target, in the boards' tie order — more
 * progress first, equal progress by who reached it first (event time, so a late delivery or a rebuild
 * does not reorder), then employee id — at most `count` of them.
 */
export function winnersOf(contenders: readonly Contender[], target: number, count: number): Winner[] {
  return contenders
    .filter((contender) => contender.progress >= target)
    .sort(
      (a, b) =>
        b.progress - a.progress ||
        a.reachedAt.getTime() - b.reachedAt.getTime() ||
        (a.employeeId < b.employeeId ? -1 : a.employeeId > b.employeeId ? 1 : 0),
    )
    .slice(0, count)
    .map((contender, index) => ({ ...contender, rank: index + 1 }));
}

/**
 * What the close job does with a challenge: `close` once its end has passed and nobody closed it,
 * `running` before its end (`endsAt` is exclusive, so at `endsAt` it is over), `closed` after.
 * Two replicas may both see `close`; the close row claimed in the closing transaction lets one win.
 */
export function closeStep(endsAt: Date, now: Date, closedAt: Date | null): 'running' | 'close' | 'closed' {
  if (closedAt !== null) return 'closed';
  return now.getTime() >= endsAt.getTime() ? 'close' : 'running';
}
