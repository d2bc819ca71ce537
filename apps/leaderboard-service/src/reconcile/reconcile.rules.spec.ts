import { BoardTarget } from '../boards/board-keys';
import { driftOf, driftPoints, expectedBoards, LedgerPoints } from './reconcile.rules';

const board = (
  scope: string,
  period: BoardTarget['period'],
  expireAt = 0,
  kind: BoardTarget['kind'] = 'employee',
) =>
  ({ scope, period, bucket: period === 'all' ? 'all' : '2026-03-10', kind, expireAt }) satisfies BoardTarget;
const line = (
  employeeId: string,
  points: number,
  boards: BoardTarget[],
  teamId: string | null = 'sales',
): LedgerPoints => ({
  employeeId,
  teamId,
  points,
  boards,
});
const NOW = 1_000_000;

describe('expectedBoards', () => {
  it.each<[string, LedgerPoints[], Record<string, Record<string, number>>]>([
    [
      'sums per board and member',
      [line('amy', 10, [board('global', 'all')]), line('amy', 5, [board('global', 'all')])],
      { 'global:all:all': { amy: 15 } },
    ],
    [
      'reversals subtract',
      [line('amy', 10, [board('global', 'all')]), line('amy', -10, [board('global', 'all')])],
      { 'global:all:all': { amy: 0 } },
    ],
    [
      'the teams board counts the team',
      [line('amy', 7, [board('teams', 'all', 0, 'team')])],
      { 'teams:all:all': { sales: 7 } },
    ],
    ['no team, no teams row', [line('amy', 7, [board('teams', 'all', 0, 'team')], null)], {}],
    [
      'expired buckets are left out',
      [line('amy', 3, [board('global', 'day', NOW - 1), board('global', 'week', NOW + 1)])],
      { 'global:week:2026-03-10': { amy: 3 } },
    ],
  ])('%s', (_name, lines, expected) => {
    const result = expectedBoards(lines, NOW);
    expect(
      Object.fromEntries([...result].map(([name, members]) => [name, Object.fromEntries(members)])),
    ).toEqual(expected);
  });
});

describe('driftOf', () => {
  const of = (value: Record<string, Record<string, number>>) =>
    new Map(Object.entries(value).map(([name, members]) => [name, new Map(Object.entries(members))]));
  it.each<
    [string, Record<string, Record<string, number>>, Record<string, Record<string, number>>, number, number]
  >([
    ['equal boards', { b: { amy: 10 } }, { b: { amy: 10 } }, 0, 0],
    ['a lost point', { b: { amy: 174 } }, { b: { amy: 166 } }, 1, 8],
    ['a doubled entry', { b: { amy: 10 } }, { b: { amy: 20 } }, 1, 10],
    ['a member only on the board', { b: {} }, { b: { bob: 5 } }, 1, 5],
    ['a board only in the ledger', { b: { amy: 4 } }, {}, 1, 4],
    ['a zero-point member is no drift', { b: { amy: 0 } }, {}, 0, 0],
  ])('%s', (_name, expected, actual, members, points) => {
    const drift = driftOf(of(expected), of(actual));
    expect([drift.length, driftPoints(drift)]).toEqual([members, points]);
  });
});
