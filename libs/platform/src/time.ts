import { DateTime } from 'luxon';

export const DEFAULT_TIME_ZONE = 'Europe/Amsterdam';

/** A local calendar day: its day, ISO week and month buckets and its [start, end) in real time. */
export interface LocalDay {
  day: string;
  week: string;
  month: string;
  start: Date;
  end: Date;
}

// Luxon's zone arithmetic costs ~0.1 ms a call and sits on hot paths (every scored event, board
// write and click); every instant of one local day has the same buckets, so the days already
// computed are remembered per zone. DST days of 23 or 25 hours come out exact from luxon.
const knownDays = new Map<string, LocalDay[]>();
const KNOWN_DAYS_PER_ZONE = 64;

/** The local day holding an instant in a time zone; boundaries are local midnight. */
export function localDayOf(instant: Date, timeZone = DEFAULT_TIME_ZONE): LocalDay {
  const time = instant.getTime();
  const days = knownDays.get(timeZone) ?? [];
  const known = days.find((day) => time >= day.start.getTime() && time < day.end.getTime());
  if (known) return known;
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  const start = local.startOf('day');
  const computed: LocalDay = {
    day: local.toFormat('yyyy-LL-dd'),
    week: `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`,
    month: local.toFormat('yyyy-LL'),
    start: start.toJSDate(),
    end: start.plus({ days: 1 }).toJSDate(),
  };
  if (start.isValid) {
    days.push(computed);
    if (days.length > KNOWN_DAYS_PER_ZONE) days.shift();
    knownDays.set(timeZone, days);
  }
  return computed;
}

/** Calendar buckets of an instant in a tenant's time zone; boundaries are local midnight. */
export function periodBuckets(
  instant: Date,
  timeZone = DEFAULT_TIME_ZONE,
): { day: string; week: string; month: string } {
  const { day, week, month } = localDayOf(instant, timeZone);
  return { day, week, month };
}

/** Start (inclusive) and end (exclusive) of the local day, week or month holding `instant`. */
export function periodRange(instant: Date, unit: 'day' | 'week' | 'month', timeZone = DEFAULT_TIME_ZONE) {
  const local = DateTime.fromJSDate(instant, { zone: timeZone }).startOf(unit === 'week' ? 'week' : unit);
  const next = local.plus(unit === 'day' ? { days: 1 } : unit === 'week' ? { weeks: 1 } : { months: 1 });
  return { start: local.toJSDate(), end: next.toJSDate() };
}

export function isValidTimeZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}
