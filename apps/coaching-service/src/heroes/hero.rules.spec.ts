import { DEFAULT_HERO_RULE, HeroRule } from '@advocacy/contracts';
import { HeroState, heroStep, HeroStep, judge, Standing, teamRanks, Verdict, windowDays } from './hero.rules';

const DAY = 24 * 3600 * 1000;
const now = new Date('2026-03-15T12:00:00Z');
const rule: HeroRule = { ...DEFAULT_HERO_RULE, minPoints: 150, minShares: 8, topPerTeam: 0, graceDays: 7 };
const standing = (employeeId: string, points: number, shares: number, teamId: string | null = null) => ({
  employeeId,
  teamId,
  points,
  shares,
});

describe('judge (qualification)', () => {
  const cases: { name: string; rule: HeroRule; standing: Standing; meets: boolean; explanation: string }[] = [
    {
      name: 'enough points',
      rule,
      standing: standing('a', 150, 0),
      meets: true,
      explanation: '150 points in the last 30 days',
    },
    {
      name: 'enough shares',
      rule,
      standing: standing('a', 10, 8),
      meets: true,
      explanation: '8 shares in the last 30 days',
    },
    {
      name: 'both hold',
      rule,
      standing: standing('a', 200, 9),
      meets: true,
      explanation: '200 points in the last 30 days; 9 shares in the last 30 days',
    },
    {
      name: 'one short on both',
      rule,
      standing: standing('a', 149, 7),
      meets: false,
      explanation: '1 more point or 1 more share in the last 30 days',
    },
    {
      name: 'points only rule',
      rule: { ...rule, minShares: null, windowDays: 7 },
      standing: standing('a', 100, 20),
      meets: false,
      explanation: '50 more points in the last 7 days',
    },
    {
      name: 'switched off',
      rule: { ...rule, enabled: false },
      standing: standing('a', 1000, 100),
      meets: false,
      explanation: 'automatic HERO status is switched off; an admin can nominate HEROs',
    },
    {
      name: 'no criterion',
      rule: { ...rule, minPoints: null, minShares: null },
      standing: standing('a', 1000, 100),
      meets: false,
      explanation: 'no criterion is switched on; an admin can nominate HEROs',
    },
    {
      name: 'negative points after a reversal',
      rule,
      standing: standing('a', -10, 0),
      meets: false,
      explanation: '160 more points or 8 more shares in the last 30 days',
    },
  ];
  it.each(cases)('$name', ({ rule: custom, standing: one, meets, explanation }) => {
    const verdict = judge(custom, [one]).get(one.employeeId);
    expect(verdict).toMatchObject({ meets, explanation });
  });

  it('top N per team: ties by more shares, then employee id; zero points never qualify', () => {
    const teamRule = { ...rule, minPoints: null, minShares: null, topPerTeam: 1 };
    const verdicts = judge(teamRule, [
      standing('zoe', 40, 3, 'sales'),
      standing('amy', 40, 3, 'sales'),
      standing('bob', 40, 2, 'sales'),
      standing('kim', 0, 0, 'ops'),
      standing('solo', 90, 1),
    ]);
    expect([...verdicts].map(([id, verdict]) => [id, verdict.meets, verdict.numbers.teamRank])).toEqual([
      ['zoe', false, 2],
      ['amy', true, 1],
      ['bob', false, 3],
      ['kim', false, 1],
      ['solo', false, null],
    ]);
    expect(verdicts.get('amy')?.explanation).toBe('rank 1 of team sales in the last 30 days');
    expect(verdicts.get('zoe')?.explanation).toBe('a place in the top 1 of your team in the last 30 days');
  });

  it('teamRanks is independent of input order', () => {
    const rows = [standing('b', 5, 1, 't'), standing('a', 5, 1, 't'), standing('c', 9, 0, 't')];
    expect(teamRanks(rows)).toEqual(teamRanks([...rows].reverse()));
    expect(teamRanks(rows).get('a')).toBe(2);
  });
});

describe('windowDays', () => {
  it.each([
    [new Date('2026-03-15T00:00:00Z'), 30, '2026-02-14', '2026-03-15'],
    [new Date('2026-03-15T23:59:59Z'), 1, '2026-03-15', '2026-03-15'],
    // Across the European DST change (29 March 2026): UTC days, so exactly 7 calendar days.
    [new Date('2026-04-01T10:00:00Z'), 7, '2026-03-26', '2026-04-01'],
  ])('%s, %i days → %s … %s', (at, days, from, to) => expect(windowDays(at, days)).toEqual({ from, to }));
});

describe('heroStep (qualification, grace and lapse)', () => {
  const meets: Verdict = {
    meets: true,
    explanation: '150 points in the last 30 days',
    numbers: { windowDays: 30, points: 150, shares: 0, teamRank: null },
  };
  const below: Verdict = {
    meets: false,
    explanation: '20 more points or 8 more shares in the last 30 days',
    numbers: { windowDays: 30, points: 130, shares: 0, teamRank: null },
  };
  const none: HeroState = { status: 'none', basis: null, belowSince: null, removedAt: null };
  const ruleHero: HeroState = { status: 'active', basis: 'rule', belowSince: null, removedAt: null };
  const ago = (days: number) => new Date(now.getTime() - days * DAY);

  const cases: { name: string; state: HeroState; verdict: Verdict; rule?: HeroRule; expected: HeroStep }[] = [
    {
      name: 'newcomer meets the rule',
      state: none,
      verdict: meets,
      expected: { action: 'qualify', reason: '150 points in the last 30 days' },
    },
    { name: 'newcomer below', state: none, verdict: below, expected: { action: 'none' } },
    {
      name: 'lapsed HERO meets again',
      state: { ...none, status: 'lapsed', basis: 'rule' },
      verdict: meets,
      expected: { action: 'qualify', reason: '150 points in the last 30 days' },
    },
    { name: 'rule HERO still meets', state: ruleHero, verdict: meets, expected: { action: 'none' } },
    {
      name: 'rule HERO drops below: grace starts',
      state: ruleHero,
      verdict: below,
      expected: { action: 'at-risk', graceUntil: new Date(now.getTime() + 7 * DAY) },
    },
    {
      name: 'in grace for 6 days: keeps the status',
      state: { ...ruleHero, belowSince: ago(6) },
      verdict: below,
      expected: { action: 'none' },
    },
    {
      name: 'in grace for 7 days: lapses',
      state: { ...ruleHero, belowSince: ago(7) },
      verdict: below,
      expected: {
        action: 'lapse',
        reason: 'below the HERO rule for 7 days: 20 more points or 8 more shares in the last 30 days',
      },
    },
    {
      name: 'back above within grace: recovers',
      state: { ...ruleHero, belowSince: ago(3) },
      verdict: meets,
      expected: { action: 'recover' },
    },
    {
      name: 'no grace: lapses at once',
      state: ruleHero,
      verdict: below,
      rule: { ...rule, graceDays: 0 },
      expected: {
        action: 'lapse',
        reason: 'below the HERO rule: 20 more points or 8 more shares in the last 30 days',
      },
    },
    {
      name: 'nominated HERO below the rule: stays',
      state: { ...ruleHero, basis: 'nominated' },
      verdict: below,
      expected: { action: 'none' },
    },
    {
      name: 'removed 10 days ago: the rule waits',
      state: { ...none, status: 'lapsed', basis: 'nominated', removedAt: ago(10) },
      verdict: meets,
      expected: { action: 'none' },
    },
    {
      name: 'removed a full window ago: may qualify again',
      state: { ...none, status: 'lapsed', basis: 'nominated', removedAt: ago(30) },
      verdict: meets,
      expected: { action: 'qualify', reason: '150 points in the last 30 days' },
    },
  ];

  it.each(cases)('$name', ({ state, verdict, rule: custom, expected }) => {
    expect(heroStep(state, verdict, custom ?? rule, now)).toEqual(expected);
  });
});
