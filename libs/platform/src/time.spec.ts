import { localDayOf, periodRange, TenantCalendar } from './time';

const amsterdam: TenantCalendar = { timeZone: 'Europe/Amsterdam', weekStart: 'monday' };
const amsterdamSunday: TenantCalendar = { timeZone: 'Europe/Amsterdam', weekStart: 'sunday' };
const newYork: TenantCalendar = { timeZone: 'America/New_York', weekStart: 'monday' };
const newYorkSunday: TenantCalendar = { timeZone: 'America/New_York', weekStart: 'sunday' };
const utcSunday: TenantCalendar = { timeZone: 'UTC', weekStart: 'sunday' };
const utc: TenantCalendar = { timeZone: 'UTC', weekStart: 'monday' };

describe('localDayOf: day, week and month of an instant in a tenant calendar', () => {
  it.each<[string, string, TenantCalendar, string, string, string, string, string, string]>([
    // name, instant, calendar, day, [start, end), week, [weekStart, weekEnd)
    [
      'winter, one second before local midnight',
      '2026-01-15T22:59:59Z',
      amsterdam,
      '2026-01-15',
      '2026-01-14T23:00:00.000Z',
      '2026-01-15T23:00:00.000Z',
      '2026-W03',
      '2026-01-11T23:00:00.000Z',
      '2026-01-18T23:00:00.000Z',
    ],
    [
      'summer time starts: a day of 23 hours, the week ends on summer time',
      '2026-03-29T12:00:00Z',
      amsterdam,
      '2026-03-29',
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
      '2026-W13',
      '2026-03-22T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ],
    [
      'summer time starts on a Sunday: with Sunday starts it opens the next week',
      '2026-03-29T12:00:00Z',
      amsterdamSunday,
      '2026-03-29',
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
      '2026-W14',
      '2026-03-28T23:00:00.000Z',
      '2026-04-04T22:00:00.000Z',
    ],
    [
      'just after local midnight of the switch day (still winter time)',
      '2026-03-28T23:30:00Z',
      amsterdam,
      '2026-03-29',
      '2026-03-28T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
      '2026-W13',
      '2026-03-22T23:00:00.000Z',
      '2026-03-29T22:00:00.000Z',
    ],
    [
      'summer time ends: a day of 25 hours',
      '2026-10-25T12:00:00Z',
      amsterdam,
      '2026-10-25',
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
      '2026-W43',
      '2026-10-18T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
    ],
    [
      'summer time ends, Sunday starts: the week starts on summer time and ends on winter time',
      '2026-10-25T12:00:00Z',
      amsterdamSunday,
      '2026-10-25',
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
      '2026-W44',
      '2026-10-24T22:00:00.000Z',
      '2026-10-31T23:00:00.000Z',
    ],
    [
      'New York, 04:59 UTC is still the previous day',
      '2026-01-16T04:59:00Z',
      newYork,
      '2026-01-15',
      '2026-01-15T05:00:00.000Z',
      '2026-01-16T05:00:00.000Z',
      '2026-W03',
      '2026-01-12T05:00:00.000Z',
      '2026-01-19T05:00:00.000Z',
    ],
    [
      'New York summer time starts (Sunday 8 March): Monday weeks end that night',
      '2026-03-08T12:00:00Z',
      newYork,
      '2026-03-08',
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
      '2026-W10',
      '2026-03-02T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
    ],
    [
      'New York summer time starts, Sunday weeks start that morning',
      '2026-03-08T12:00:00Z',
      newYorkSunday,
      '2026-03-08',
      '2026-03-08T05:00:00.000Z',
      '2026-03-09T04:00:00.000Z',
      '2026-W11',
      '2026-03-08T05:00:00.000Z',
      '2026-03-15T04:00:00.000Z',
    ],
    [
      'the last Sunday of 2025 with Monday starts belongs to ISO week 52',
      '2025-12-28T12:00:00Z',
      utc,
      '2025-12-28',
      '2025-12-28T00:00:00.000Z',
      '2025-12-29T00:00:00.000Z',
      '2025-W52',
      '2025-12-22T00:00:00.000Z',
      '2025-12-29T00:00:00.000Z',
    ],
    [
      'with Sunday starts it opens 2026-W01',
      '2025-12-28T12:00:00Z',
      utcSunday,
      '2025-12-28',
      '2025-12-28T00:00:00.000Z',
      '2025-12-29T00:00:00.000Z',
      '2026-W01',
      '2025-12-28T00:00:00.000Z',
      '2026-01-04T00:00:00.000Z',
    ],
    [
      'a Saturday with Sunday starts stays in the week that began the Sunday before',
      '2026-01-03T12:00:00Z',
      utcSunday,
      '2026-01-03',
      '2026-01-03T00:00:00.000Z',
      '2026-01-04T00:00:00.000Z',
      '2026-W01',
      '2025-12-28T00:00:00.000Z',
      '2026-01-04T00:00:00.000Z',
    ],
  ])('%s', (_name, instant, calendar, day, start, end, week, weekStart, weekEnd) => {
    // Twice: the second answer comes from the remembered days and must be the same.
    for (let i = 0; i < 2; i += 1) {
      const local = localDayOf(new Date(instant), calendar);
      expect({
        day: local.day,
        start: local.start.toISOString(),
        end: local.end.toISOString(),
        week: local.week,
        weekStart: local.weekStart.toISOString(),
        weekEnd: local.weekEnd.toISOString(),
      }).toEqual({ day, start, end, week, weekStart, weekEnd });
    }
  });

  it('keeps calendars of one zone with other week starts apart', () => {
    const instant = new Date('2026-03-29T12:00:00Z');
    expect(localDayOf(instant, amsterdam).week).toBe('2026-W13');
    expect(localDayOf(instant, amsterdamSunday).week).toBe('2026-W14');
  });
});

describe('periodRange', () => {
  it.each<[string, TenantCalendar, 'day' | 'week' | 'month', string, string]>([
    ['2026-03-29T12:00:00Z', amsterdam, 'day', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
    ['2026-03-29T12:00:00Z', amsterdamSunday, 'week', '2026-03-28T23:00:00.000Z', '2026-04-04T22:00:00.000Z'],
    // March begins on winter time and ends on summer time.
    ['2026-03-15T12:00:00Z', amsterdam, 'month', '2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z'],
    ['2026-03-31T23:30:00Z', newYork, 'month', '2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z'],
  ])('%s in %j, %s: [%s, %s)', (instant, calendar, unit, start, end) => {
    const range = periodRange(new Date(instant), unit, calendar);
    expect({ start: range.start.toISOString(), end: range.end.toISOString() }).toEqual({ start, end });
  });
});
