import { TenantCalendar } from '@advocacy/platform';
import { affectedBoards, bucketOf, expiryOf, instantOfDate, periodTargets, weekBucketOf } from './board-keys';

const cal = (timeZone: string, weekStart: TenantCalendar['weekStart'] = 'monday'): TenantCalendar => ({
  timeZone,
  weekStart,
});
const AMSTERDAM = cal('Europe/Amsterdam');

describe('period buckets in the tenant time zone', () => {
  it.each([
    // instant (UTC)                day            ISO week     month       why
    ['2026-03-28T22:59:59Z', '2026-03-28', '2026-W13', '2026-03', 'last second before local midnight (CET)'],
    ['2026-03-28T23:00:00Z', '2026-03-29', '2026-W13', '2026-03', 'local midnight on the spring-forward day'],
    ['2026-03-29T22:30:00Z', '2026-03-30', '2026-W14', '2026-03', 'after spring-forward midnight is 22:00Z'],
    ['2026-10-25T22:59:00Z', '2026-10-25', '2026-W43', '2026-10', 'fall-back day lasts 25 hours'],
    ['2026-10-25T23:00:00Z', '2026-10-26', '2026-W44', '2026-10', 'CET again: midnight is 23:00Z'],
    ['2026-12-31T23:00:00Z', '2027-01-01', '2026-W53', '2027-01', 'new year but still ISO week 53'],
    ['2027-01-03T22:59:59Z', '2027-01-03', '2026-W53', '2027-01', 'Sunday ends week 53'],
    ['2027-01-03T23:00:00Z', '2027-01-04', '2027-W01', '2027-01', 'Monday starts week 1'],
    ['2024-12-29T23:00:00Z', '2024-12-30', '2025-W01', '2024-12', 'December days in week 1 of next year'],
    ['2020-12-31T22:00:00Z', '2020-12-31', '2020-W53', '2020-12', 'a 53-week year'],
  ])('%s → %s %s %s (%s)', (instant, day, week, month) => {
    const at = new Date(instant);
    expect(bucketOf('day', at, AMSTERDAM)).toBe(day);
    expect(bucketOf('week', at, AMSTERDAM)).toBe(week);
    expect(bucketOf('month', at, AMSTERDAM)).toBe(month);
    expect(bucketOf('all', at, AMSTERDAM)).toBe('all');
  });

  it.each([
    ['UTC', '2026-03-29T22:30:00Z', '2026-W13'],
    ['America/New_York', '2027-01-04T04:59:00Z', '2026-W53'],
    ['America/New_York', '2027-01-04T05:00:00Z', '2027-W01'],
  ])('weeks follow the tenant zone %s', (zone, instant, week) => {
    expect(bucketOf('week', new Date(instant), cal(zone))).toBe(week);
  });
});

describe('retention', () => {
  it.each([
    ['month', '2026-03-15T00:00:00Z', 13, '2027-04-30T22:00:00.000Z'],
    ['week', '2026-03-15T00:00:00Z', 0, '2026-03-15T23:00:00.000Z'],
    ['day', '2026-10-25T12:00:00Z', 1, '2026-11-25T23:00:00.000Z'],
  ] as const)('a %s bucket of %s expires %d months after its end', (period, instant, months, expected) => {
    const seconds = expiryOf(period, new Date(instant), AMSTERDAM, months);
    expect(new Date(seconds * 1000).toISOString()).toBe(expected);
  });

  it('never expires all-time boards', () => {
    expect(expiryOf('all', new Date('2026-01-01T00:00:00Z'), AMSTERDAM, 13)).toBe(0);
  });
});

describe('?at=<date>', () => {
  it.each([
    ['2026-03-29', '2026-03-29', '2026-W13'],
    ['2027-01-01', '2027-01-01', '2026-W53'],
  ])('%s lies in day %s and week %s', (date, day, week) => {
    const at = instantOfDate(date, AMSTERDAM);
    expect(bucketOf('day', at, AMSTERDAM)).toBe(day);
    expect(bucketOf('week', at, AMSTERDAM)).toBe(week);
  });
});

describe('affected boards', () => {
  const at = new Date('2026-12-31T23:30:00Z');
  it.each([
    [{ employeeId: 'a', teamId: null }, ['global']],
    [{ employeeId: 'a', teamId: 'sales' }, ['global', 'team:sales', 'teams']],
    [
      { employeeId: 'a', teamId: 'sales', campaignId: 'spring' },
      ['global', 'team:sales', 'teams', 'campaign:spring'],
    ],
    [{ employeeId: 'a', teamId: null, campaignId: 'spring' }, ['global', 'campaign:spring']],
  ])('%j touches %j in every period', (facts, scopes) => {
    const boards = affectedBoards(facts, at, AMSTERDAM, 13);
    expect([...new Set(boards.map((board) => board.scope))]).toEqual(scopes);
    expect(boards).toHaveLength(scopes.length * 4);
    expect(boards.filter((board) => board.scope === 'global').map((board) => board.bucket)).toEqual([
      '2027-01-01',
      '2026-W53',
      '2027-01',
      'all',
    ]);
    expect(boards.find((board) => board.scope === 'teams')?.kind ?? 'team').toBe('team');
  });
});

describe('periodTargets (cached per local day)', () => {
  const uncached = (at: Date, zone: TenantCalendar, retention: number) =>
    (['day', 'week', 'month', 'all'] as const).map((period) => ({
      period,
      bucket: bucketOf(period, at, zone),
      expireAt: expiryOf(period, at, zone, retention),
    }));

  it.each([
    ['Europe/Amsterdam', '2026-03-28T12:00:00Z', 'spring-forward weekend', 'monday'],
    ['Europe/Amsterdam', '2026-10-24T12:00:00Z', 'fall-back weekend', 'monday'],
    ['America/New_York', '2026-12-30T12:00:00Z', 'year end', 'monday'],
    ['Asia/Kathmandu', '2026-06-29T12:00:00Z', 'a +05:45 zone, month end', 'monday'],
    ['Europe/Amsterdam', '2026-03-28T12:00:00Z', 'spring-forward weekend, Sunday weeks', 'sunday'],
  ] as [string, string, string, TenantCalendar['weekStart']][])(
    '%s around %s (%s) equals the uncached computation every 7 minutes for 3 days',
    (timeZone, from, _why, weekStart) => {
      const zone = cal(timeZone, weekStart);
      const start = Date.parse(from) - 36 * 3_600_000;
      for (let at = start; at < start + 72 * 3_600_000; at += 7 * 60_000) {
        const instant = new Date(at);
        expect(periodTargets(instant, zone, 13)).toEqual(uncached(instant, zone, 13));
        expect(weekBucketOf(instant, zone)).toBe(bucketOf('week', instant, zone));
      }
    },
  );

  it('gives the last millisecond of a local day and the first of the next their own buckets', () => {
    const midnight = Date.parse('2026-03-29T22:00:00Z');
    expect(periodTargets(new Date(midnight - 1), AMSTERDAM, 13)[0].bucket).toBe('2026-03-29');
    expect(periodTargets(new Date(midnight), AMSTERDAM, 13)[0].bucket).toBe('2026-03-30');
    expect(periodTargets(new Date(midnight - 1), AMSTERDAM, 13)[0].bucket).toBe('2026-03-29');
  });
});
