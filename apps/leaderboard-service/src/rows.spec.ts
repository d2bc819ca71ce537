import { RowShapeError } from '@advocacy/platform';
import { toHeroMark } from './badges/hero.repository';

describe('leaderboard row mappers', () => {
  const since = new Date('2026-03-02T09:00:00Z');

  it('maps a row of leaderboard.heroes', () => {
    expect(toHeroMark({ basis: 'rule', reason: 'top sharer', since })).toEqual({
      basis: 'rule',
      reason: 'top sharer',
      since: '2026-03-02T09:00:00.000Z',
    });
  });

  it.each([
    ['a missing reason', { basis: 'rule', since }, ['reason']],
    ['a text timestamp', { basis: 'rule', reason: 'r', since: '2026-03-02' }, ['since']],
  ])('refuses %s', (_what, row, columns) => {
    expect(() => toHeroMark(row)).toThrow(RowShapeError);
    expect(() => toHeroMark(row)).toThrow(expect.objectContaining({ table: 'leaderboard.heroes', columns }));
  });
});
