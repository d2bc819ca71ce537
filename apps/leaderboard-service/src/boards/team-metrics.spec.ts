import { TeamMetric } from '@advocacy/contracts';
import { bucketOf } from './board-keys';
import { rankTeams, TeamFacts, teamValue } from './team-metrics';

const team = (teamId: string, points: number, active: number, members: number): TeamFacts => ({
  teamId,
  points,
  active,
  members,
});

describe('teamValue', () => {
  it.each<[string, TeamMetric, TeamFacts, number]>([
    ['sum is the points', 'sum', team('a', 300, 3, 30), 300],
    ['average per active advocate', 'average', team('a', 300, 4, 30), 75],
    ['average rounds to cents', 'average', team('a', 100, 3, 3), 33.33],
    ['average of nobody active is 0', 'average', team('a', 0, 0, 10), 0],
    ['participation is active / members', 'participation', team('a', 50, 3, 4), 0.75],
    ['participation rounds to 4 places', 'participation', team('a', 50, 1, 3), 0.3333],
    ['participation without members is 0', 'participation', team('a', 0, 0, 0), 0],
  ])('%s', (_name, metric, facts, expected) => expect(teamValue(metric, facts)).toBe(expected));
});

describe('rankTeams', () => {
  // In the sum board's order: big (900 from 30 members, 20 active), then small (240 from 3 of 3).
  const board = [team('big', 900, 20, 30), team('small', 240, 3, 3), team('mid', 240, 4, 8)];

  it.each<[TeamMetric, string[]]>([
    ['sum', ['big', 'small', 'mid']],
    ['average', ['small', 'mid', 'big']],
    ['participation', ['small', 'big', 'mid']],
  ])('%s → %j', (metric, expected) => {
    expect(rankTeams(metric, board).map((row) => row.teamId)).toEqual(expected);
  });

  it('equal values keep the sum board order (which already ranks equal sums by who reached them first)', () => {
    const tied = [team('first', 100, 2, 4), team('second', 50, 1, 2), team('third', 150, 3, 6)];
    expect(rankTeams('average', tied).map((row) => [row.teamId, row.value])).toEqual([
      ['first', 50],
      ['second', 50],
      ['third', 50],
    ]);
    expect(rankTeams('participation', tied).map((row) => row.teamId)).toEqual(['first', 'second', 'third']);
  });
});

describe('team weeks across daylight saving time (Europe/Amsterdam)', () => {
  // The week of 23–29 March 2026 has 167 hours; the week of 26 Oct – 1 Nov 2026 has 169.
  it.each([
    ['2026-03-29T21:59:59Z', '2026-W13'], // Sunday 23:59:59 CEST, the last second of the short week
    ['2026-03-29T22:00:00Z', '2026-W14'], // Monday 00:00 CEST
    ['2026-03-22T22:59:59Z', '2026-W12'], // Sunday 23:59:59 CET before the change
    ['2026-11-01T22:59:59Z', '2026-W44'], // Sunday 23:59:59 CET, the last second of the long week
    ['2026-11-01T23:00:00Z', '2026-W45'],
  ])('%s belongs to %s', (instant, week) => {
    expect(bucketOf('week', new Date(instant), { timeZone: 'Europe/Amsterdam', weekStart: 'monday' })).toBe(
      week,
    );
  });
});
