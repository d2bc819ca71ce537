import { DateTime } from 'luxon';

/**
 * The part of a tenant's settings (`TenantSettings` in @advocacy/contracts, projected from
 * `tenant.v1`) that decides its periods. Every day, week and month in every service comes from
 * `localDayOf` / `periodRange` with this, so a cap's day is always the board's day.
 */
export interface TenantCalendar {
  timeZone: string;
  weekStart: 'monday' | 'sunday';
}

export const DEFAULT_TIME_ZONE = 'Europe/Amsterdam';
export const DEFAULT_CALENDAR: TenantCalendar = Object.freeze({
  timeZone: DEFAULT_TIME_ZONE,
  weekStart: 'monday',
});

/**
 * A local calendar day: its day, week and month keys and the [start, end) in real time of the day,
 * its week and its month. Week keys read `2026-W13`: the ISO week for Monday starts; with Sunday
 * starts a week is named after the ISO week of its Monday, so a Sunday belongs to the next key.
 */
export interface LocalDay {
  day: string;
  week: string;
  month: string;
  start: Date;
  end: Date;
  weekStart: Date;
  weekEnd: Date;
  monthStart: Date;
  monthEnd: Date;
}

// Luxon's zone arithmetic costs ~0.1 ms a call and sits on hot paths (every scored event, board
// write and click); every instant of one local day has the same buckets, so the days already
// computed are remembered per calendar. DST days of 23 or 25 hours come out exact from luxon.
const knownDays = new Map<string, LocalDay[]>();
const KNOWN_DAYS_PER_CALENDAR = 64;

/** The local day holding an instant in a tenant's calendar; boundaries are local midnight. */
export function localDayOf(instant: Date, calendar: TenantCalendar = DEFAULT_CALENDAR): LocalDay {
  const time = instant.getTime();
  const cacheKey = `${calendar.timeZone}|${calendar.weekStart}`;
  const days = knownDays.get(cacheKey) ?? [];
  const known = days.find((day) => time >= day.start.getTime() && time < day.end.getTime());
  if (known) return known;
  const local = DateTime.fromJSDate(instant, { zone: calendar.timeZone });
  const start = local.startOf('day');
  // The Monday that names the week: the day itself for Monday starts, the next day for Sundays.
  const naming = calendar.weekStart === 'sunday' ? start.plus({ days: 1 }) : start;
  const weekStart = naming.startOf('week').minus({ days: calendar.weekStart === 'sunday' ? 1 : 0 });
  const monthStart = start.startOf('month');
  const computed: LocalDay = {
    day: local.toFormat('yyyy-LL-dd'),
    week: `${naming.weekYear}-W${String(naming.weekNumber).padStart(2, '0')}`,
    month: local.toFormat('yyyy-LL'),
    start: start.toJSDate(),
    end: start.plus({ days: 1 }).toJSDate(),
    weekStart: weekStart.toJSDate(),
    weekEnd: weekStart.plus({ weeks: 1 }).toJSDate(),
    monthStart: monthStart.toJSDate(),
    monthEnd: monthStart.plus({ months: 1 }).toJSDate(),
  };
  if (start.isValid) {
    days.push(computed);
    if (days.length > KNOWN_DAYS_PER_CALENDAR) days.shift();
    knownDays.set(cacheKey, days);
  }
  return computed;
}

/** Calendar keys of an instant in a tenant's calendar. */
export function periodBuckets(
  instant: Date,
  calendar: TenantCalendar = DEFAULT_CALENDAR,
): { day: string; week: string; month: string } {
  const { day, week, month } = localDayOf(instant, calendar);
  return { day, week, month };
}

/** Start (inclusive) and end (exclusive) of the local day, week or month holding `instant`. */
export function periodRange(
  instant: Date,
  unit: 'day' | 'week' | 'month',
  calendar: TenantCalendar = DEFAULT_CALENDAR,
): { start: Date; end: Date } {
  const local = localDayOf(instant, calendar);
  switch (unit) {
    case 'day':
      return { start: local.start, end: local.end };
    case 'week':
      return { start: local.weekStart, end: local.weekEnd };
    case 'month':
      return { start: local.monthStart, end: local.monthEnd };
  }
}

export function isValidTimeZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}
