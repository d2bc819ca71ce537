import { TenantCalendar } from '@advocacy/platform';
import { lastWeeks, pointsTrend, weekOf } from './week.rules';

const utc: TenantCalendar = { timeZone: 'UTC', weekStart: 'monday' };
const amsterdam: TenantCalendar = { timeZone: 'Europe/Amsterdam', weekStart: 'monday' };
const amsterdamSunday: TenantCalendar = { timeZone: 'Europe/Amsterdam', weekStart: 'sunday' };

describe('weekOf: the tenant week of an instant', () => {
  it.each<[string, TenantCalendar, string]>([
    ['2025-01-01T12:00:00Z', utc, '2025-W01'],
    ['2024-12-30T00:00:00Z', utc, '2025-W01'],
    ['2021-01-03T23:59:59Z', utc, '2020-W53'],
    ['2025-11-27T10:00:00Z', utc, '2025-W48'],
    // Sunday 23:30 UTC is already Monday in Amsterdam (summer time): the next week, not UTC's.
    ['2026-03-29T22:30:00Z', utc, '2026-W13'],
    ['2026-03-29T22:30:00Z', amsterdam, '2026-W14'],
    // With Sunday starts, Sunday 29 March (the DST switch) opens week 14.
    ['2026-03-29T12:00:00Z', amsterdam, '2026-W13'],
    ['2026-03-29T12:00:00Z', amsterdamSunday, '2026-W14'],
  ])('%s in %j → %s', (instant, calendar, expected) =>
    expect(weekOf(new Date(instant), calendar)).toBe(expected),
  );
});

describe('lastWeeks / pointsTrend', () => {
  it('lists the window oldest first and zero-fills', () => {
    const weeks = lastWeeks(new Date('2025-01-08T00:00:00Z'), 3, utc);
    expect(weeks).toEqual(['2024-W52', '2025-W01', '2025-W02']);
    expect(pointsTrend(weeks, new Map([['2025-W01', 30]]))).toEqual([
      { week: '2024-W52', points: 0 },
      { week: '2025-W01', points: 30 },
      { week: '2025-W02', points: 0 },
    ]);
  });

  it.each<[string, TenantCalendar, string[]]>([
    ['2026-04-01T10:00:00Z', amsterdam, ['2026-W12', '2026-W13', '2026-W14']],
    ['2026-03-29T12:00:00Z', amsterdamSunday, ['2026-W12', '2026-W13', '2026-W14']],
    ['2026-11-02T10:00:00Z', amsterdam, ['2026-W43', '2026-W44', '2026-W45']],
  ])('steps back by local weeks across a DST change from %s in %j', (now, calendar, expected) => {
    expect(lastWeeks(new Date(now), 3, calendar)).toEqual(expected);
  });
});
