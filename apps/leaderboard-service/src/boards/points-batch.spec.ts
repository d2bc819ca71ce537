import { BoardTarget } from './board-keys';
import { chunked, planPointsBatch } from './points-batch';

const board = (scope: string, period: BoardTarget['period'], bucket: string): BoardTarget => ({
  scope,
  period,
  bucket,
  kind: scope === 'teams' ? 'team' : 'employee',
  expireAt: 0,
});

describe('planPointsBatch', () => {
  it('lists each board once, in order of first use, and points events at them (1-based)', () => {
    const a = { id: 'a', boards: [board('global', 'all', 'all'), board('team:t1', 'all', 'all')] };
    const b = { id: 'b', boards: [board('global', 'all', 'all'), board('teams', 'day', '2026-11-27')] };
    const c = { id: 'c', boards: [board('teams', 'day', '2026-11-27'), board('team:t1', 'all', 'all')] };
    const plan = planPointsBatch([a, b, c]);
    expect(plan.boards.map((entry) => entry.id)).toEqual([
      'global:all:all',
      'team:t1:all:all',
      'teams:day:2026-11-27',
    ]);
    expect(plan.events.map((event) => [event.change.id, event.boardIndexes])).toEqual([
      ['a', [1, 2]],
      ['b', [1, 3]],
      ['c', [3, 2]],
    ]);
  });

  it.each([
    ['same scope, other bucket', board('global', 'day', '2026-11-27'), board('global', 'day', '2026-11-28')],
    ['same bucket, other period', board('global', 'week', '2026-W48'), board('global', 'month', '2026-W48')],
  ])('keeps boards apart: %s', (_why, first, second) => {
    const plan = planPointsBatch([{ boards: [first] }, { boards: [second] }]);
    expect(plan.boards).toHaveLength(2);
    expect(plan.events.map((event) => event.boardIndexes)).toEqual([[1], [2]]);
  });

  it('plans an empty batch as nothing', () => {
    expect(planPointsBatch([])).toEqual({ boards: [], events: [] });
  });
});

describe('chunked', () => {
  it.each([
    [[], 3, []],
    [[1, 2], 3, [[1, 2]]],
    [[1, 2, 3], 3, [[1, 2, 3]]],
    [[1, 2, 3, 4, 5, 6, 7], 3, [[1, 2, 3], [4, 5, 6], [7]]],
  ])('%j in chunks of %i', (items, size, expected) => {
    expect(chunked(items, size)).toEqual(expected);
  });
});
