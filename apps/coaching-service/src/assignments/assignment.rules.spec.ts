import { ASSIGNMENT_STATES, AssignmentState } from '@advocacy/contracts';
import { AssignmentAction, isActive, needsNextProposal, transition } from './assignment.rules';

const ACTIONS: AssignmentAction[] = ['propose', 'accept', 'decline', 'expire', 'complete', 'cancel'];

const LEGAL: [AssignmentState, AssignmentAction, AssignmentState][] = [
  ['unassigned', 'propose', 'proposed'],
  ['proposed', 'accept', 'accepted'],
  ['proposed', 'decline', 'declined'],
  ['proposed', 'expire', 'expired'],
  ['accepted', 'complete', 'completed'],
  ['unassigned', 'cancel', 'cancelled'],
  ['proposed', 'cancel', 'cancelled'],
  ['accepted', 'cancel', 'cancelled'],
];

describe('assignment state machine', () => {
  it.each(LEGAL)('%s --%s--> %s', (from, action, to) => {
    expect(transition(from, action)).toEqual({ ok: true, to });
  });

  const illegal = ASSIGNMENT_STATES.flatMap((from) =>
    ACTIONS.filter((action) => !LEGAL.some(([f, a]) => f === from && a === action)).map(
      (action) => [from, action] as const,
    ),
  );

  it('has 34 illegal pairs next to the 8 legal ones', () => expect(illegal).toHaveLength(34));

  it.each(illegal)('%s --%s--> refused', (from, action) => {
    const result = transition(from, action);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe(`cannot ${action} an assignment that is ${from}`);
  });

  it.each([
    ['unassigned', false, false],
    ['proposed', true, false],
    ['accepted', true, false],
    ['declined', false, true],
    ['expired', false, true],
    ['completed', false, false],
    ['cancelled', false, false],
  ] as const)('%s: counts against capacity %s, needs a next proposal %s', (state, active, next) => {
    expect(isActive(state)).toBe(active);
    expect(needsNextProposal(state)).toBe(next);
  });
});
