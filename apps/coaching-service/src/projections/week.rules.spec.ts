import { isoWeek, lastWeeks, pointsTrend } from './week.rules';

describe('isoWeek', () => {
  it.each([
    ['2025-01-01T12:00:00Z', '2025-W01'],
    ['2024-12-30T00:00:00Z', '2025-W01'],
    ['2021-01-03T23:59:59Z', '2020-W53'],
    ['2025-11-27T10:00:00Z', '2025-W48'],
  ])('%s → %s', (instant, expected) => expect(isoWeek(new Date(instant))).toBe(expected));
});

describe('lastWeeks / pointsTrend', () => {
  it('lists the window oldest first and zero-fills', () => {
    const weeks = lastWeeks(new Date('2025-01-08T00:00:00Z'), 3);
    expect(weeks).toEqual(['2024-W52', '2025-W01', '2025-W02']);
    expect(pointsTrend(weeks, new Map([['2025-W01', 30]]))).toEqual([
      { week: '2024-W52', points: 0 },
      { week: '2025-W01', points: 30 },
      { week: '2025-W02', points: 0 },
    ]);
  });
});
