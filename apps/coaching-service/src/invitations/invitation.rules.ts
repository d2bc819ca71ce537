import { randomBytes } from 'node:crypto';
import { ProgrammeFunnel } from '@advocacy/contracts';

const DAY_MS = 24 * 3600 * 1000;

/** 24 bytes from the OS's secure random source: 32 URL-safe characters, never a token. */
export const newInviteCode = (): string => randomBytes(24).toString('base64url');

/** The web app's page that opens an invitation. */
export const inviteLink = (code: string): string => `/invite/${code}`;

export type InviteRefusal = 'self_invite' | 'invitee_already_active' | 'already_invited';

/**
 * Whether `inviterId` may invite `inviteeId`. An advocate who already shares needs no invitation
 * (and would earn their inviter a credit for nothing); an invitee has one inviter, the first.
 */
export function inviteRefusal(request: {
  inviterId: string;
  inviteeId: string;
  inviteeLastShareAt: Date | null;
  existingInviterId: string | null;
}): InviteRefusal | null {
  if (request.inviterId === request.inviteeId) return 'self_invite';
  if (request.existingInviterId !== null) return 'already_invited';
  if (request.inviteeLastShareAt !== null) return 'invitee_already_active';
  return null;
}

export interface InvitationState {
  inviterId: string;
  inviteeId: string;
  invitedAt: Date;
  acceptedAt: Date | null;
  firstShareAt: Date | null;
  /** An `invite.credited` already went out for this invitation. */
  creditIssued: boolean;
}

export type CreditDecision =
  | { credit: true }
  | {
      credit: false;
      reason: 'already_credited' | 'self_invite' | 'not_accepted' | 'no_first_share' | 'shared_before_invite';
    };

/**
 * The inviter earns the credit once the invitee has accepted and made a first share at or after the
 * invitation (in either order). A first share older than the invitation means the invitee was
 * active already: no credit, ever, because the first share stays the first.
 */
export function inviteCredit(invitation: InvitationState): CreditDecision {
  if (invitation.creditIssued) return { credit: false, reason: 'already_credited' };
  if (invitation.inviterId === invitation.inviteeId) return { credit: false, reason: 'self_invite' };
  if (invitation.acceptedAt === null) return { credit: false, reason: 'not_accepted' };
  if (invitation.firstShareAt === null) return { credit: false, reason: 'no_first_share' };
  if (invitation.firstShareAt < invitation.invitedAt)
    return { credit: false, reason: 'shared_before_invite' };
  return { credit: true };
}

/** Week 4 after accepting: the UTC days 21 to 27 after the day of acceptance, as [start, end). */
export function week4Of(acceptedAt: Date): { start: Date; end: Date } {
  const day = Date.UTC(acceptedAt.getUTCFullYear(), acceptedAt.getUTCMonth(), acceptedAt.getUTCDate());
  return { start: new Date(day + 21 * DAY_MS), end: new Date(day + 28 * DAY_MS) };
}

/** true: shared in week 4; false: week 4 is over without a share; null: not accepted, or not over yet. */
export function activeInWeek4(acceptedAt: Date | null, week4Shares: number, now: Date): boolean | null {
  if (acceptedAt === null) return null;
  if (week4Shares > 0) return true;
  return now >= week4Of(acceptedAt).end ? false : null;
}

/** Each stage counts those who reached it through the stages before. */
export function funnelOf(
  items: readonly { acceptedAt: unknown; firstShareAt: unknown; activeInWeek4: boolean | null }[],
): ProgrammeFunnel {
  const accepted = items.filter((item) => item.acceptedAt !== null);
  const shared = accepted.filter((item) => item.firstShareAt !== null);
  return {
    invited: items.length,
    accepted: accepted.length,
    firstShare: shared.length,
    activeInWeek4: shared.filter((item) => item.activeInWeek4 === true).length,
  };
}
