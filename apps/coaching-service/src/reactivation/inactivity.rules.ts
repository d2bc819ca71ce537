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
