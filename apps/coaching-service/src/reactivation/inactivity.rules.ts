const DAY_MS = 24 * 3600 * 1000;

export interface ActivityRecord {
  firstSeenAt: Date;
  lastShareAt: Date | null;
  nudgedAt: Date | null;
  escalatedAt: Date | null;
}

export interface InactivityPolicy {
  inactivityDays: number;
  escalationDays: number;
}

/** The share goal of the advocate's role: `weeklyShareGoal` shares every `goalPeriodWeeks` weeks. */
export interface ShareGoal {
  weeklyShareGoal: number;
  goalPeriodWeeks: number;
}

/**
 * The advocate's role goal decides when they count as inactive: a whole goal period without a share
 * (an Expert with 3 a week after 7 quiet days, a Supporter with 1 every 2 weeks after 14). A role
 * without a goal (0) expects no shares: never nudged. No role (or one the tenant no longer has):
 * the tenant's `inactivityDays`. The escalation after the nudge is the tenant's either way.
 */
export function policyFor(goal: ShareGoal | null, tenant: InactivityPolicy): InactivityPolicy | null {
  if (goal === null) return tenant;
  if (goal.weeklyShareGoal === 0) return null;
  return { ...tenant, inactivityDays: goal.goalPeriodWeeks * 7 };
}

export type InactivityStep =
  { action: 'none' } | { action: 'nudge'; inactiveDays: number } | { action: 'assign'; inactiveDays: number };

/**
 * One inactivity spell: nudge once after `inactivityDays` without a share (counted from the last share,
 * or from when we first saw the advocate), then, still without a share `escalationDays` after the
 * nudge, ask for a re-activation assignment once. A new share ends the spell (the marks are cleared).
 */
export function inactivityStep(record: ActivityRecord, policy: InactivityPolicy, now: Date): InactivityStep {
  const lastActive = record.lastShareAt ?? record.firstSeenAt;
  const inactiveDays = Math.floor((now.getTime() - lastActive.getTime()) / DAY_MS);
  if (inactiveDays < policy.inactivityDays) return { action: 'none' };
  if (record.nudgedAt === null) return { action: 'nudge', inactiveDays };
  if (record.escalatedAt !== null) return { action: 'none' };
  const sinceNudge = (now.getTime() - record.nudgedAt.getTime()) / DAY_MS;
  return sinceNudge >= policy.escalationDays ? { action: 'assign', inactiveDays } : { action: 'none' };
}

/** Whether a proposal made at `proposedAt` has waited longer than the tenant allows. */
export const isProposalExpired = (proposedAt: Date, ttlHours: number, now: Date): boolean =>
  now.getTime() - proposedAt.getTime() >= ttlHours * 3600 * 1000;
