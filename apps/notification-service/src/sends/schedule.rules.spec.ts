import { digestSlot, isoWeekOf, quietUntil, retryDelayMs, weeklySlot } from './schedule.rules';

describe('digestSlot', () => {
  const monWedAt8 = { enabled: true, days: ['mon', 'wed'] as ('mon' | 'wed')[], hour: 8 };
  it.each([
    [
      'Monday 07:59 Amsterdam (winter, UTC+1)',
      '2026-01-12T06:59:00Z',
      'Europe/Amsterdam',
      monWedAt8,
      false,
      '2026-01-12',
    ],
    [
      'Monday 08:00 Amsterdam (winter)',
      '2026-01-12T07:00:00Z',
      'Europe/Amsterdam',
      monWedAt8,
      true,
      '2026-01-12',
    ],
    [
      'Monday 08:00 Amsterdam (summer, UTC+2)',
      '2026-07-13T06:00:00Z',
      'Europe/Amsterdam',
      monWedAt8,
      true,
      '2026-07-13',
    ],
    [
      'Monday 07:00 UTC is 09:00 in Amsterdam in summer',
      '2026-07-13T05:59:00Z',
      'Europe/Amsterdam',
      monWedAt8,
      false,
      '2026-07-13',
    ],
    ['Tuesday is not chosen', '2026-01-13T12:00:00Z', 'Europe/Amsterdam', monWedAt8, false, '2026-01-13'],
    [
      'Sunday 23:30 UTC is already Monday in Tokyo',
      '2026-01-11T23:30:00Z',
      'Asia/Tokyo',
      monWedAt8,
      true,
      '2026-01-12',
    ],
    [
      'Monday 03:00 UTC is still Sunday in New York',
      '2026-01-12T03:00:00Z',
      'America/New_York',
      monWedAt8,
      false,
      '2026-01-11',
    ],
    [
      'disabled is never due',
      '2026-01-12T12:00:00Z',
      'Europe/Amsterdam',
      { ...monWedAt8, enabled: false },
      false,
      '2026-01-12',
    ],
    // 29 March 2026: Amsterdam jumps from 02:00 to 03:00; a 02:00 digest goes at 03:00.
    [
      'spring gap: 01:59 local is before 02:00',
      '2026-03-29T00:59:00Z',
      'Europe/Amsterdam',
      { enabled: true, days: ['sun'] as 'sun'[], hour: 2 },
      false,
      '2026-03-29',
    ],
    [
      'spring gap: 03:00 local serves the skipped 02:00',
      '2026-03-29T01:00:00Z',
      'Europe/Amsterdam',
      { enabled: true, days: ['sun'] as 'sun'[], hour: 2 },
      true,
      '2026-03-29',
    ],
    // 25 October 2026: 02:00–03:00 happens twice; both are the same local day (claimed once).
    [
      'autumn: first 02:30',
      '2026-10-25T00:30:00Z',
      'Europe/Amsterdam',
      { enabled: true, days: ['sun'] as 'sun'[], hour: 2 },
      true,
      '2026-10-25',
    ],
    [
      'autumn: second 02:30, same period',
      '2026-10-25T01:30:00Z',
      'Europe/Amsterdam',
      { enabled: true, days: ['sun'] as 'sun'[], hour: 2 },
      true,
      '2026-10-25',
    ],
  ])('%s', (_label, now, zone, schedule, due, period) => {
    expect(digestSlot(new Date(now), zone, schedule)).toEqual({ due, period });
  });

  it('refuses an unknown zone', () => {
    expect(() => digestSlot(new Date(), 'Mars/Olympus', { enabled: true, days: [], hour: 0 })).toThrow(
      'invalid time zone',
    );
  });
});

describe('weeklySlot and isoWeekOf', () => {
  it.each([
    ['Monday 09:00 Amsterdam posts the week before', '2026-01-12T08:00:00Z', 9, true, '2026-W02'],
    ['Monday 08:59 is too early', '2026-01-12T07:59:00Z', 9, false, '2026-W02'],
    ['Tuesday is not the day', '2026-01-13T10:00:00Z', 9, false, '2026-W02'],
    ['first Monday of 2027 posts 2026-W53', '2027-01-04T09:00:00Z', 9, true, '2026-W53'],
  ])('%s', (_label, now, hour, due, week) => {
    expect(weeklySlot(new Date(now), 'Europe/Amsterdam', hour)).toEqual({ due, week });
  });

  it.each([
    ['Sunday 23:30 Amsterdam is still its week', '2026-01-11T22:30:00Z', '2026-W02'],
    ['Sunday 23:30 UTC is Monday in Amsterdam', '2026-01-11T23:30:00Z', '2026-W03'],
  ])('%s', (_label, instant, week) => {
    expect(isoWeekOf(new Date(instant), 'Europe/Amsterdam')).toBe(week);
  });
});

describe('quietUntil', () => {
  const night = { start: '22:00', end: '07:00' };
  const lunch = { start: '12:00', end: '13:30' };
  it.each([
    ['no quiet hours', '2026-01-12T23:00:00Z', null, '2026-01-12T23:00:00.000Z'],
    [
      'start = end means none',
      '2026-01-12T23:00:00Z',
      { start: '08:00', end: '08:00' },
      '2026-01-12T23:00:00.000Z',
    ],
    ['21:59 local is before the night', '2026-01-12T20:59:00Z', night, '2026-01-12T20:59:00.000Z'],
    ['22:00 local waits until 07:00 tomorrow', '2026-01-12T21:00:00Z', night, '2026-01-13T06:00:00.000Z'],
    ['03:00 local waits until 07:00 today', '2026-01-13T02:00:00Z', night, '2026-01-13T06:00:00.000Z'],
    ['07:00 local is free again', '2026-01-13T06:00:00Z', night, '2026-01-13T06:00:00.000Z'],
    ['same-day window', '2026-01-12T11:15:00Z', lunch, '2026-01-12T12:30:00.000Z'],
    ['after a same-day window', '2026-01-12T12:30:00Z', lunch, '2026-01-12T12:30:00.000Z'],
    // The night of 28→29 March 2026 is one hour shorter: 07:00 CEST is 05:00 UTC.
    [
      'a night across the spring change ends at 07:00 summer time',
      '2026-03-28T22:00:00Z',
      night,
      '2026-03-29T05:00:00.000Z',
    ],
    [
      'a night across the autumn change ends at 07:00 winter time',
      '2026-10-24T21:00:00Z',
      night,
      '2026-10-25T06:00:00.000Z',
    ],
  ])('%s', (_label, now, quiet, expected) => {
    expect(quietUntil(new Date(now), 'Europe/Amsterdam', quiet).toISOString()).toBe(expected);
  });
});

describe('retryDelayMs', () => {
  it.each([
    [1, 0, 500],
    [1, 1, 1000],
    [2, 0, 1000],
    [3, 1, 4000],
    [10, 1, 30000],
    [10, 0, 15000],
  ])('attempt %i with random %d waits %i ms', (attempt, random, expected) => {
    expect(retryDelayMs(attempt, 1000, 30000, () => random)).toBe(expected);
  });
});
