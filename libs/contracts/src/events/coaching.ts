import { z } from 'zod';
import { EmployeeId, IsoDateTime, Uuid } from '../common';

export const AssignmentKind = z.enum(['hero-support', 're-activation', 'manual']);
export type AssignmentKind = z.infer<typeof AssignmentKind>;
export const CoachAssigned = z.object({
  assignmentId: Uuid,
  coachId: EmployeeId,
  employeeId: EmployeeId,
  kind: AssignmentKind,
  status: z.enum(['proposed', 'accepted']),
});
export const CoachingNudged = z.object({
  employeeId: EmployeeId,
  inactiveDays: z.number().int().min(0),
  suggestedContentIds: z.array(Uuid).max(20).default([]),
  message: z.string().max(1000).optional(),
});
export const CoachingCompleted = z.object({
  assignmentId: Uuid,
  coachId: EmployeeId,
  employeeId: EmployeeId,
  outcome: z.enum(['completed', 'declined', 'expired', 'cancelled']).default('completed'),
  note: z.string().max(2000).optional(),
});
export const CoachingTipSent = z.object({
  tipId: Uuid,
  coachId: EmployeeId,
  employeeIds: z.array(EmployeeId).min(1).max(1000),
  text: z.string().min(1).max(2000),
});

/** Why nobody could take an unassigned advocate, judged when the alert is raised. */
export const UNMATCHED_REASONS = [
  'no-coaches',
  'no-language-match',
  'no-capacity',
  'coaches-unavailable',
  'all-declined',
] as const;
export const UnmatchedReason = z.enum(UNMATCHED_REASONS);
export type UnmatchedReason = z.infer<typeof UnmatchedReason>;
/** An advocate has waited longer than the tenant allows for a coach: for admins (notification service). */
export const CoachingUnassignedAlert = z.object({
  assignmentId: Uuid,
  employeeId: EmployeeId,
  kind: AssignmentKind,
  waitingSince: IsoDateTime,
  waitingHours: z.number().int().min(0),
  reason: UnmatchedReason,
  language: z.string().max(12).nullable(),
  message: z.string().max(500),
});

export const CHALLENGE_METRICS = ['shares', 'unique-clicks', 'points'] as const;
export const ChallengeMetric = z.enum(CHALLENGE_METRICS);
export type ChallengeMetric = z.infer<typeof ChallengeMetric>;
/** An advocate reached a challenge's goal inside its dates; the leaderboard awards its badge. */
export const ChallengeCompleted = z.object({
  challengeId: Uuid,
  employeeId: EmployeeId,
  title: z.string().min(1).max(120),
  metric: ChallengeMetric,
  target: z.number().int().min(1),
  /** Where the advocate stood when the goal was reached (≥ target). */
  progress: z.number().int(),
  prize: z.string().max(200).nullable(),
});

/**
 * An invitee opened their personal invite link and accepted it: the relation inviter → invitee is
 * recorded (one inviter per invitee and tenant). Informational for other services.
 */
export const InviteAccepted = z.object({
  inviterId: EmployeeId,
  inviteeId: EmployeeId,
  invitedAt: IsoDateTime,
  acceptedAt: IsoDateTime,
});

/**
 * An accepted invitee made their first share after the invitation: the inviter earns the invite
 * credit, once per invitee. Coaching emits it at most once per invitation; scoring prices it with the
 * tenant's `inviteCreditPoints` (0: no entry) and keeps one ledger entry per tenant and invitee.
 */
export const InviteCredited = z.object({
  inviterId: EmployeeId,
  inviteeId: EmployeeId,
  /** The invitee's display name as coaching knows it, for the inviter's points explanation. */
  inviteeName: z.string().min(1).max(120).nullable(),
  invitedAt: IsoDateTime,
  acceptedAt: IsoDateTime,
  firstShareAt: IsoDateTime,
  shareId: Uuid,
});

/** One winner of a closed challenge, in the boards' tie order (rank 1 first). */
export const ChallengeWinner = z.object({
  rank: z.number().int().min(1),
  employeeId: EmployeeId,
  progress: z.number().int(),
  /** When the advocate reached that progress (event time): the earlier one wins a tie. */
  reachedAt: IsoDateTime,
});

/**
 * A challenge (a campaign's goal when it names `campaignId`) reached its end and was closed, once:
 * the winners are those who reached the target, best first, at most `winnerCount` of them.
 */
export const ChallengeClosed = z.object({
  challengeId: Uuid,
  title: z.string().min(1).max(120),
  campaignId: z.string().min(1).max(128).nullable(),
  metric: ChallengeMetric,
  target: z.number().int().min(1),
  prize: z.string().max(200).nullable(),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  winners: z.array(ChallengeWinner).max(100),
});
