import {
  closedPeriods,
  DEFAULT_BADGE_RULES as RULES,
  heroOfTheWeekAwards,
  streakAwards,
  streakLength,
  teamChampionAwards,
  thresholdAwards,
} from './badge.rules';

const ids = (awards: { badgeId: string; level: string | null }[]) =>
  awards.map((award) => `${award.badgeId}:${award.level ?? '-'}`);

describe('threshold badges', () => {
  it.each([
    [{ shares: 0, points: 0, humanClicks: 0 }, []],
    [{ shares: 1, points: 10, humanClicks: 0 }, ['first-share:-']],
    [{ shares: 9, points: 99, humanClicks: 499 }, ['first-share:-']],
    [{ shares: 10, points: 100, humanClicks: 0 }, ['first-share:-', 'sharer:bronze', 'points:bronze']],
    [
      { shares: 50, points: 999, humanClicks: 0 },
      ['first-share:-', 'sharer:bronze', 'sharer:silver', 'points:bronze'],
    ],
    [
      { shares: 100, points: 10_000, humanClicks: 500 },
      [
        'first-share:-',
        'sharer:bronze',
        'sharer:silver',
        'sharer:gold',
        'points:bronze',
        'points:silver',
        'points:gold',
        'reach:gold',
      ],
    ],
  ])('%j earns %j', (counters, expected) => {
    expect(ids(thresholdAwards(RULES, counters))).toEqual(expected);
  });
});

describe('streaks over ISO weeks', () => {
  it.each([
    [[], 0],
    [['2026-W10'], 1],
    [['2026-W10', '2026-W11', '2026-W12'], 3],
    [['2026-W10', '2026-W12'], 1],
    [['2026-W12', '2026-W10', '2026-W11', '2026-W11'], 3],
    [['2026-W52', '2026-W53', '2027-W01', '2027-W02'], 4],
    [['2025-W51', '2025-W52', '2026-W01'], 3],
    [['2025-W52', '2026-W02'], 1],
    [['2020-W52', '2020-W53', '2021-W01'], 3],
    [['2026-W01', '2026-W02', '2026-W05', '2026-W06'], 2],
    [['2026-W10', 'not-a-week', '2026-W11'], 2],
    [['not-a-week'], 0],
  ])('%j → run of %d', (weeks, length) => {
    expect(streakLength(weeks)).toBe(length);
  });

  it.each([
    [['2026-W50', '2026-W51', '2026-W52'], []],
    [['2026-W50', '2026-W51', '2026-W52', '2026-W53'], ['streak:bronze']],
    [
      ['2026-W47', '2026-W48', '2026-W49', '2026-W50', '2026-W51', '2026-W52', '2026-W53', '2027-W01'],
      ['streak:bronze', 'streak:silver'],
    ],
  ])('%j earns %j', (weeks, expected) => {
    expect(ids(streakAwards(RULES, weeks))).toEqual(expected);
  });
});

describe('rank badges at period close', () => {
  const ranking = [
    { id: 'ann', points: 50 },
    { id: 'bob', points: 40 },
    { id: 'cat', points: 40 },
    { id: 'dan', points: 5 },
    { id: 'eve', points: 0 },
  ];

  it.each([
    [ranking, ['ann', 'bob', 'cat']],
    [ranking.slice(0, 2), ['ann', 'bob']],
    [[{ id: 'eve', points: 0 }], []],
    [[], []],
  ])('HERO of the week goes to the top 3 with points: %j', (board, expected) => {
    const awards = heroOfTheWeekAwards(RULES, '2026-W53', board);
    expect(awards.map((award) => award.employeeId)).toEqual(expected);
    expect(awards.every((award) => award.award.period === '2026-W53')).toBe(true);
  });

  it('respects a disabled rule', () => {
    expect(
      heroOfTheWeekAwards({ ...RULES, heroOfTheWeek: { enabled: false, top: 3 } }, '2026-W01', ranking),
    ).toEqual([]);
  });

  it.each([
    [ranking, ['ann']],
    [[{ id: 'x', points: 0 }], []],
  ])('Team champion is the top of the team board: %j', (board, expected) => {
    expect(teamChampionAwards(RULES, '2026-12', 'sales', board).map((award) => award.employeeId)).toEqual(
      expected,
    );
  });
});

describe('closed periods', () => {
  it.each([
    ['2026-12-30T12:00:00Z', '2027-01-04T22:59:00Z', ['2026-W53'], ['2026-12'], 'monday'],
    ['2026-12-30T12:00:00Z', '2027-01-03T22:59:00Z', [], ['2026-12'], 'monday'],
    ['2026-12-30T12:00:00Z', '2026-12-31T22:59:59Z', [], [], 'monday'],
    [
      '2026-03-20T12:00:00Z',
      '2026-04-06T00:00:00Z',
      ['2026-W12', '2026-W13', '2026-W14'],
      ['2026-03'],
      'monday',
    ],
    // Sunday weeks: the week from Sunday 22 March (W13) closes at local midnight into Sunday 29 March.
    ['2026-03-20T12:00:00Z', '2026-03-28T22:59:59Z', ['2026-W12'], [], 'sunday'],
    ['2026-03-20T12:00:00Z', '2026-03-28T23:00:00Z', ['2026-W12', '2026-W13'], [], 'sunday'],
  ] as [string, string, string[], string[], 'monday' | 'sunday'][])(
    'from %s to %s: weeks %j, months %j',
    (from, now, weeks, months, weekStart) => {
      const closed = closedPeriods(new Date(from), new Date(now), {
        timeZone: 'Europe/Amsterdam',
        weekStart,
      });
      expect(closed.weeks.map((week) => week.id)).toEqual(weeks);
      expect(closed.months.map((month) => month.id)).toEqual(months);
    },
  );
});
