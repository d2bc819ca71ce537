import { TenantCalendar } from '@advocacy/platform';
import {
  againstBaseline,
  csvField,
  participationRate,
  SpreadFacts,
  spreadCsv,
  spreadOf,
  tenantWeeks,
} from './spread.rules';

const amsterdam: TenantCalendar = { timeZone: 'Europe/Amsterdam', weekStart: 'monday' };
const amsterdamSunday: TenantCalendar = { timeZone: 'Europe/Amsterdam', weekStart: 'sunday' };
const utc: TenantCalendar = { timeZone: 'UTC', weekStart: 'monday' };

describe('tenantWeeks: local weeks and their ends, across DST', () => {
  it.each<[string, string, TenantCalendar, [string, string][]]>([
    [
      'spring forward (week 13 of 2026 has 167 hours)',
      '2026-03-31T10:00:00Z',
      amsterdam,
      [
        ['2026-W13', '2026-03-29T22:00:00.000Z'],
        ['2026-W14', '2026-04-05T22:00:00.000Z'],
      ],
    ],
    [
      'fall back (week 43 of 2026, 19–25 October, has 169 hours)',
      '2026-10-27T10:00:00Z',
      amsterdam,
      [
        ['2026-W43', '2026-10-25T23:00:00.000Z'],
        ['2026-W44', '2026-11-01T23:00:00.000Z'],
      ],
    ],
    [
      'Sunday starts: the DST Sunday opens week 14',
      '2026-03-29T12:00:00Z',
      amsterdamSunday,
      [
        ['2026-W13', '2026-03-28T23:00:00.000Z'],
        ['2026-W14', '2026-04-04T22:00:00.000Z'],
      ],
    ],
    [
      'UTC over a year end',
      '2025-01-01T12:00:00Z',
      utc,
      [
        ['2024-W52', '2024-12-30T00:00:00.000Z'],
        ['2025-W01', '2025-01-06T00:00:00.000Z'],
      ],
    ],
  ])('%s', (_name, now, calendar, expected) => {
    expect(tenantWeeks(new Date(now), 2, calendar).map(({ week, end }) => [week, end.toISOString()])).toEqual(
      expected,
    );
  });
});

describe('participationRate / againstBaseline', () => {
  it.each<[number, number, number | null, number | null, number | null]>([
    [1, 4, 0.25, 0.2, 0.05],
    [2, 3, 0.6667, 0.5, 0.1667],
    [0, 5, 0, 0.3, -0.3],
    [0, 0, null, 0.3, null],
    [3, 3, 1, null, null],
  ])('%i of %i → %s, against baseline %s → %s', (active, members, rate, baseline, difference) => {
    expect(participationRate(active, members)).toBe(rate);
    expect(againstBaseline(rate, baseline)).toBe(difference);
  });
});

describe('spreadOf: per team and week, HERO teams against the others', () => {
  // Weeks 13 and 14 of 2026 in Amsterdam; week 13 ends at the DST-shortened Monday 00:00 CEST.
  const weeks = tenantWeeks(new Date('2026-04-01T10:00:00Z'), 2, amsterdam);
  const facts = (overrides: Partial<SpreadFacts> = {}): SpreadFacts => ({
    members: [
      { employeeId: 'amy', teamId: 'sales', firstSeenAt: new Date('2026-03-01T09:00:00Z') },
      { employeeId: 'bob', teamId: 'sales', firstSeenAt: new Date('2026-03-01T09:00:00Z') },
      { employeeId: 'cid', teamId: 'ops', firstSeenAt: new Date('2026-03-01T09:00:00Z') },
      { employeeId: 'dan', teamId: 'ops', firstSeenAt: new Date('2026-03-01T09:00:00Z') },
      // Sunday 23:30 CEST (21:30 UTC) is still week 13 locally: a member of week 13.
      { employeeId: 'eve', teamId: 'ops', firstSeenAt: new Date('2026-03-29T21:30:00Z') },
      // Monday 00:30 CEST (22:30 UTC Sunday) is week 14 locally: not a member of week 13.
      { employeeId: 'fay', teamId: 'ops', firstSeenAt: new Date('2026-03-29T22:30:00Z') },
    ],
    active: [
      { employeeId: 'amy', week: '2026-W13' },
      { employeeId: 'bob', week: '2026-W13' },
      { employeeId: 'amy', week: '2026-W14' },
      { employeeId: 'cid', week: '2026-W14' },
      { employeeId: 'ghost', week: '2026-W14' },
    ],
    heroTeams: new Set(['sales']),
    baselineRate: 0.25,
    ...overrides,
  });

  it.each<[string, string, string, number, number, number | null, number | null]>([
    ['a HERO team, everyone active', 'sales', '2026-W13', 2, 2, 1, 0.75],
    ['a HERO team, half active', 'sales', '2026-W14', 2, 1, 0.5, 0.25],
    ['members seen before the short DST week ended', 'ops', '2026-W13', 3, 0, 0, -0.25],
    ['all members the week after', 'ops', '2026-W14', 4, 1, 0.25, 0],
  ])('%s: %s in %s', (_name, teamId, week, members, active, participation, vsBaseline) => {
    const team = spreadOf(weeks, facts()).teams.find((row) => row.teamId === teamId);
    expect(team?.weeks.find((row) => row.week === week)).toEqual({
      week,
      members,
      active,
      participation,
      vsBaseline,
    });
  });

  it('sums HERO teams and the others by people, not by team averages', () => {
    const spread = spreadOf(weeks, facts());
    expect(spread.teams.map((team) => [team.teamId, team.heroTeam])).toEqual([
      ['ops', false],
      ['sales', true],
    ]);
    expect(spread.heroTeams.map((row) => row.participation)).toEqual([1, 0.5]);
    expect(spread.otherTeams.map((row) => [row.members, row.active, row.participation])).toEqual([
      [3, 0, 0],
      [4, 1, 0.25],
    ]);
  });

  it('without a baseline the comparison is null', () => {
    const spread = spreadOf(weeks, facts({ baselineRate: null }));
    expect(spread.heroTeams.map((row) => row.vsBaseline)).toEqual([null, null]);
  });

  it('writes CSV with the sums after the teams', () => {
    const csv = spreadCsv({
      timeZone: 'Europe/Amsterdam',
      weekStart: 'monday',
      weeks: ['2026-W13', '2026-W14'],
      baseline: null,
      ...spreadOf(weeks, facts({ baselineRate: null })),
    }).split('\r\n');
    expect(csv[0]).toBe('week,team,heroTeam,members,active,participation,baseline,vsBaseline');
    expect(csv[1]).toBe('2026-W13,ops,false,3,0,0,,');
    expect(csv[5]).toBe('2026-W13,(HERO teams),true,2,2,1,,');
    expect(csv).toHaveLength(10);
  });

  it.each<[string | number | null, string]>([
    ['sales', 'sales'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    [-0.25, '-0.25'],
    [null, ''],
  ])('csvField(%j) → %s', (value, expected) => expect(csvField(value)).toBe(expected));
});
