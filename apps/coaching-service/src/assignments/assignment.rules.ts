import { AssignmentState } from '@advocacy/contracts';

export type AssignmentAction = 'propose' | 'accept' | 'decline' | 'expire' | 'complete' | 'cancel';

export type TransitionResult = { ok: true; to: AssignmentState } | { ok: false; reason: string };

const TRANSITIONS: Readonly<Record<AssignmentAction, Partial<Record<AssignmentState, AssignmentState>>>> = {
  propose: { unassigned: 'proposed' },
  accept: { proposed: 'accepted' },
  decline: { proposed: 'declined' },
  expire: { proposed: 'expired' },
  complete: { accepted: 'completed' },
  cancel: { unassigned: 'cancelled', proposed: 'cancelled', accepted: 'cancelled' },
};

/**
 * The assignment state machine: proposed → accepted → completed; proposed → declined | expired; any
 * open state → cancelled (the directory deactivated someone in it).
 */
export function transition(from: AssignmentState, action: AssignmentAction): TransitionResult {
  const to = TRANSITIONS[action][from];
  return to ? { ok: true, to } : { ok: false, reason: `cannot ${action} an assignment that is ${from}` };
}

/** Proposed and accepted assignments count against a coach's capacity. */
export const isActive = (state: AssignmentState): boolean => state === 'proposed' || state === 'accepted';

/** Declined and expired proposals end one attempt; the advocate still needs a coach. */
export const needsNextProposal = (state: AssignmentState): boolean =>
  state === 'declined' || state === 'expired';
