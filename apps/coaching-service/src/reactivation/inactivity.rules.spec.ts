import {
  ActivityRecord,
  InactivityPolicy,
  inactivityStep,
  InactivityStep,
  isProposalExpired,
  policyFor,
  ShareGoal,
} from './inactivity.rules';

const DAY = 24 * 3600 * 1000;
const start = new Date('2025-03-01T09:00:00Z');
const at = (days: number) => new Date(start.getTime() + days * DAY);
const policy = { inactivityDays: 14, escalationDays: 7 };

const record = (overrides: Partial<ActivityRecord> = {}): ActivityRecord => ({
  firstSeenAt: start,
  lastShareAt: null,
  nudgedAt: null,
  escalatedAt: null,
  ...overrides,
});

describe('inactivityStep', () => {
  const cases: {
    name: string;
    record: ActivityRecord;
    now: Date;
    expected: InactivityStep;
    policy?: InactivityPolicy;
  }[] = [
    { name: 'new advocate, 13 days', record: record(), now: at(13.9), expected: { action: 'none' } },
    {
      name: 'never shared, 14 days after first seen',
      record: record(),
      now: at(14),
      expected: { action: 'nudge', inactiveDays: 14 },
    },
    {
      name: 'recent share keeps them active',
      record: record({ lastShareAt: at(10) }),
      now: at(20),
      expected: { action: 'none' },
    },
    {
      name: 'last share 15 days ago',
      record: record({ lastShareAt: at(5) }),
      now: at(20),
      expected: { action: 'nudge', inactiveDays: 15 },
    },
    {
      name: 'nudged, 6 days later: wait',
      record: record({ nudgedAt: at(14) }),
      now: at(20),
      expected: { action: 'none' },
    },
    {
      name: 'nudged, 7 days later: assign',
      record: record({ nudgedAt: at(14) }),
      now: at(21),
      expected: { action: 'assign', inactiveDays: 21 },
    },
    {
      name: 'already escalated: nothing more',
      record: record({ nudgedAt: at(14), escalatedAt: at(21) }),
      now: at(60),
      expected: { action: 'none' },
    },
    {
      name: 'custom policy 3 + 2 days',
      record: record({ nudgedAt: at(3) }),
      now: at(5),
      policy: { inactivityDays: 3, escalationDays: 2 },
      expected: { action: 'assign', inactiveDays: 5 },
    },
  ];

  it.each(cases)('$name', ({ record: activity, now, expected, policy: custom }) => {
    expect(inactivityStep(activity, custom ?? policy, now)).toEqual(expected);
  });
});

describe('policyFor: the role goal decides who is inactive', () => {
  const tenant = { inactivityDays: 14, escalationDays: 7 };
  const supporter: ShareGoal = { weeklyShareGoal: 1, goalPeriodWeeks: 2 };
  const expert: ShareGoal = { weeklyShareGoal: 3, goalPeriodWeeks: 1 };
  const observer: ShareGoal = { weeklyShareGoal: 0, goalPeriodWeeks: 1 };
  const monthly: ShareGoal = { weeklyShareGoal: 2, goalPeriodWeeks: 4 };
  const lastShareDaysAgo = (days: number) => record({ lastShareAt: at(30 - days) });

  it.each<[string, ShareGoal | null, number, InactivityStep]>([
    ['Supporter (1 per 2 weeks), 7 quiet days: not nudged', supporter, 7, { action: 'none' }],
    ['Supporter (1 per 2 weeks), 13 quiet days: not nudged', supporter, 13, { action: 'none' }],
    [
      'Supporter (1 per 2 weeks), 14 quiet days: nudged',
      supporter,
      14,
      { action: 'nudge', inactiveDays: 14 },
    ],
    ['Expert (3 a week), 6 quiet days: not nudged', expert, 6, { action: 'none' }],
    ['Expert (3 a week), 7 quiet days: nudged', expert, 7, { action: 'nudge', inactiveDays: 7 }],
    ['2 every 4 weeks, 27 quiet days: not nudged', monthly, 27, { action: 'none' }],
    ['2 every 4 weeks, 28 quiet days: nudged', monthly, 28, { action: 'nudge', inactiveDays: 28 }],
    ['no role, 13 quiet days: the tenant’s 14 days', null, 13, { action: 'none' }],
    ['no role, 14 quiet days: the tenant’s 14 days', null, 14, { action: 'nudge', inactiveDays: 14 }],
  ])('%s', (_name, goal, quietDays, expected) => {
    const policy = policyFor(goal, tenant);
    expect(policy).not.toBeNull();
    expect(inactivityStep(lastShareDaysAgo(quietDays), policy as InactivityPolicy, at(30))).toEqual(expected);
  });

  it('a role without a goal is never nudged', () => {
    expect(policyFor(observer, tenant)).toBeNull();
  });

  it('keeps the tenant’s escalation after the nudge', () => {
    expect(policyFor(expert, { inactivityDays: 30, escalationDays: 3 })).toEqual({
      inactivityDays: 7,
      escalationDays: 3,
    });
  });
});

describe('isProposalExpired', () => {
  const proposed = new Date('2025-03-01T00:00:00Z');
  it.each([
    [47.9, false],
    [48, true],
    [72, true],
  ])('after %s h → %s', (hours, expected) => {
    expect(isProposalExpired(proposed, 48, new Date(proposed.getTime() + hours * 3600 * 1000))).toBe(
      expected,
    );
  });
});
